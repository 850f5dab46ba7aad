package io.github.eventbus.saga;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Where saga instances, their associations and their deadlines are kept. Implementations: an in-memory one
 * ({@link #inMemory()}) and {@code io.github.eventbus.saga.jdbc.JdbcSagaStore} for H2 and PostgreSQL.
 * <p>
 * The saga manager calls it from several threads at once (one per lane, never two for one instance), and
 * from the thread that routes events ({@code findSagaId}), inside a transaction when one is configured,
 * so a JDBC implementation joins the handler's transaction. Updates are optimistic: an update whose
 * expected version is not the stored one fails with an
 * {@link org.springframework.dao.OptimisticLockingFailureException}.
 */
public interface SagaStore {

	/** An empty in-memory store. */
	static SagaStore inMemory() {
		return new InMemorySagaStore();
	}

	/**
	 * The instance associated with a value.
	 * @param sagaType the saga type name
	 * @param key the association key
	 * @param value the association value
	 * @return its id, if any
	 */
	Optional<String> findSagaId(String sagaType, String key, String value);

	/**
	 * Loads an instance.
	 * @param sagaType the saga type name
	 * @param sagaId its id
	 * @return the instance, if it exists
	 */
	Optional<SagaInstance> load(String sagaType, String sagaId);

	/**
	 * Stores a new instance with version 1.
	 * @param instance the instance; its version is ignored
	 */
	void insert(SagaInstance instance);

	/**
	 * Replaces an instance if its stored version is {@code instance.version() - 1}.
	 * @param instance the instance with its new version
	 * @throws org.springframework.dao.OptimisticLockingFailureException if the stored version differs
	 */
	void update(SagaInstance instance);

	/**
	 * Associates an instance with a value; does nothing if it is associated with it already.
	 * @param sagaType the saga type name
	 * @param sagaId the instance
	 * @param key the association key
	 * @param value the association value
	 */
	void associate(String sagaType, String sagaId, String key, String value);

	/**
	 * Stores a pending deadline.
	 * @param deadline the deadline
	 */
	void schedule(SagaDeadline deadline);

	/**
	 * Removes a deadline, pending or fired.
	 * @param deadlineId its id
	 * @return whether it existed
	 */
	boolean cancel(String deadlineId);

	/**
	 * Removes the deadlines of an instance, pending or fired.
	 * @param sagaType the saga type name
	 * @param sagaId the instance
	 * @param name only those with this name, or {@code null} for all
	 */
	void cancelAll(String sagaType, String sagaId, @Nullable String name);

	/**
	 * Pending deadlines due at {@code now}, earliest first.
	 * @param now the current time
	 * @param limit the most to return
	 * @return the deadlines
	 */
	List<SagaDeadline> due(Instant now, int limit);

	/**
	 * When the earliest pending deadline falls due, so that the scheduler can wait until then.
	 * @return its due time; empty when no deadline is pending, or when the store cannot tell (the scheduler
	 * then looks again after its poll interval)
	 */
	default Optional<Instant> nextDue() {
		return Optional.empty();
	}

	/**
	 * Marks a pending deadline as fired; of concurrent callers, only one succeeds.
	 * @param deadlineId its id
	 * @return whether this call marked it
	 */
	boolean markFired(String deadlineId);

	/**
	 * A deadline, pending or fired.
	 * @param deadlineId its id
	 * @return the deadline, unless it was cancelled or handled
	 */
	Optional<SagaDeadline> findDeadline(String deadlineId);

	/**
	 * One stored saga instance.
	 *
	 * @param sagaType the saga type name
	 * @param sagaId its id
	 * @param state its state as JSON
	 * @param version the version, from 1, incremented by every update
	 * @param lastPosition position of the last event it handled
	 * @param ended whether it has ended
	 */
	record SagaInstance(String sagaType, String sagaId, String state, long version, long lastPosition,
			boolean ended) {

	}

	/**
	 * One deadline.
	 *
	 * @param deadlineId its id
	 * @param sagaType the saga type name
	 * @param sagaId the instance it is for
	 * @param name the deadline name
	 * @param dueAt when it falls due
	 * @param payload its payload as JSON, or {@code null}
	 * @param fired whether the scheduler has fired it (its event may not be handled yet)
	 */
	record SagaDeadline(String deadlineId, String sagaType, String sagaId, String name, Instant dueAt,
			@Nullable String payload, boolean fired) {

	}

}
