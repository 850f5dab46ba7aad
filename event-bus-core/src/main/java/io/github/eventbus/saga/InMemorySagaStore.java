package io.github.eventbus.saga;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * A {@link SagaStore} in memory: for tests and for applications without a database. Nothing survives a
 * restart. Thread-safe (one lock).
 */
final class InMemorySagaStore implements SagaStore {

	private final Map<String, SagaInstance> instances = new HashMap<>();

	private final Map<String, String> associations = new HashMap<>();

	private final Map<String, SagaDeadline> deadlines = new LinkedHashMap<>();

	private static String key(String... parts) {
		return String.join("\u0000", parts);
	}

	@Override
	public synchronized Optional<String> findSagaId(String sagaType, String key, String value) {
		return Optional.ofNullable(this.associations.get(key(sagaType, key, value)));
	}

	@Override
	public synchronized Optional<SagaInstance> load(String sagaType, String sagaId) {
		return Optional.ofNullable(this.instances.get(key(sagaType, sagaId)));
	}

	@Override
	public synchronized void insert(SagaInstance instance) {
		String id = key(instance.sagaType(), instance.sagaId());
		if (this.instances.containsKey(id)) {
			throw new DuplicateKeyException("Saga " + instance.sagaType() + " " + instance.sagaId() + " exists");
		}
		this.instances.put(id, new SagaInstance(instance.sagaType(), instance.sagaId(), instance.state(), 1,
				instance.lastPosition(), instance.ended()));
	}

	@Override
	public synchronized void update(SagaInstance instance) {
		String id = key(instance.sagaType(), instance.sagaId());
		SagaInstance stored = this.instances.get(id);
		if (stored == null || stored.version() != instance.version() - 1) {
			throw new OptimisticLockingFailureException("Saga " + instance.sagaType() + " " + instance.sagaId()
					+ " is not at version " + (instance.version() - 1));
		}
		this.instances.put(id, instance);
	}

	@Override
	public synchronized void associate(String sagaType, String sagaId, String key, String value) {
		String existing = this.associations.putIfAbsent(key(sagaType, key, value), sagaId);
		if (existing != null && !existing.equals(sagaId)) {
			throw new DuplicateKeyException(key + "=" + value + " is associated with saga " + existing + " already");
		}
	}

	@Override
	public synchronized void schedule(SagaDeadline deadline) {
		this.deadlines.put(deadline.deadlineId(), deadline);
	}

	@Override
	public synchronized boolean cancel(String deadlineId) {
		return this.deadlines.remove(deadlineId) != null;
	}

	@Override
	public synchronized void cancelAll(String sagaType, String sagaId, @Nullable String name) {
		this.deadlines.values()
			.removeIf((deadline) -> deadline.sagaType().equals(sagaType) && deadline.sagaId().equals(sagaId)
					&& (name == null || deadline.name().equals(name)));
	}

	@Override
	public synchronized List<SagaDeadline> due(Instant now, int limit) {
		List<SagaDeadline> due = new ArrayList<>();
		for (SagaDeadline deadline : this.deadlines.values()) {
			if (!deadline.fired() && !deadline.dueAt().isAfter(now)) {
				due.add(deadline);
			}
		}
		due.sort(Comparator.comparing(SagaDeadline::dueAt));
		return (due.size() > limit) ? due.subList(0, limit) : due;
	}

	@Override
	public synchronized Optional<Instant> nextDue() {
		return this.deadlines.values()
			.stream()
			.filter((deadline) -> !deadline.fired())
			.map(SagaDeadline::dueAt)
			.min(Comparator.naturalOrder());
	}

	@Override
	public synchronized boolean markFired(String deadlineId) {
		SagaDeadline deadline = this.deadlines.get(deadlineId);
		if (deadline == null || deadline.fired()) {
			return false;
		}
		this.deadlines.put(deadlineId, new SagaDeadline(deadline.deadlineId(), deadline.sagaType(),
				deadline.sagaId(), deadline.name(), deadline.dueAt(), deadline.payload(), true));
		return true;
	}

	@Override
	public synchronized Optional<SagaDeadline> findDeadline(String deadlineId) {
		return Optional.ofNullable(this.deadlines.get(Objects.requireNonNull(deadlineId)));
	}

}
