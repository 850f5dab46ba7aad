package io.github.eventbus.test;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import io.github.eventbus.Event;
import io.github.eventbus.EventBus;
import io.github.eventbus.durable.DurableObserverStatus;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.saga.Saga;
import io.github.eventbus.saga.SagaStore;
import io.github.eventbus.saga.SagaStore.SagaInstance;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;

import static org.awaitility.Awaitility.await;

/** The waits behind {@link Scenario}: each one bounded by the timeout, each failure listing the events. */
final class Waits {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(5);

	private final EventBus bus;

	private final RecordedEvents recorded;

	private final ObjectProvider<DurableObservers> durableObservers;

	private final ObjectProvider<SagaStore> sagaStore;

	private final ObjectProvider<JsonMapper> mapper;

	private final Duration timeout;

	Waits(EventBus bus, RecordedEvents recorded, ObjectProvider<DurableObservers> durableObservers,
			ObjectProvider<SagaStore> sagaStore, ObjectProvider<JsonMapper> mapper, Duration timeout) {
		this.bus = bus;
		this.recorded = recorded;
		this.durableObservers = durableObservers;
		this.sagaStore = sagaStore;
		this.mapper = mapper;
		this.timeout = timeout;
	}

	Waits withTimeout(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		return new Waits(this.bus, this.recorded, this.durableObservers, this.sagaStore, this.mapper, timeout);
	}

	RecordedEvents recorded() {
		return this.recorded;
	}

	EventBus bus() {
		return this.bus;
	}

	<E> Event<E> event(int start, Class<E> type, Predicate<? super E> matching) {
		try {
			Optional<Event<E>> found = this.recorded.await(start, type, matching, this.timeout);
			return found.orElseThrow(() -> failure(
					"No " + type.getSimpleName() + " event matching the condition was published", start));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for a " + type.getSimpleName() + " event", ex);
		}
	}

	void durableObservers(int start) {
		AtomicReference<List<DurableObserverStatus>> behind = new AtomicReference<>(List.of());
		try {
			await().atMost(this.timeout).pollDelay(Duration.ZERO).pollInterval(POLL_INTERVAL).until(() -> {
				if (!this.bus.awaitIdle(Duration.ZERO)) {
					return false;
				}
				behind.set(lagging());
				// Idle again: what a durable observer published meanwhile must have been handled too.
				return behind.get().isEmpty() && this.bus.awaitIdle(Duration.ZERO);
			});
		}
		catch (ConditionTimeoutException ex) {
			StringBuilder state = new StringBuilder();
			for (DurableObserverStatus status : behind.get()) {
				state.append("\n  ").append(status.observerId()).append(": lag ").append(status.lag())
					.append(", checkpoint ").append(status.checkpoint()).append(", state ").append(status.state())
					.append(", dead letters ").append(status.pendingDeadLetters());
			}
			throw failure("The bus did not become idle with every durable observer caught up"
					+ (state.isEmpty() ? " (in-memory observers still busy)" : "; behind:" + state), start);
		}
	}

	private List<DurableObserverStatus> lagging() {
		DurableObservers durable = this.durableObservers.getIfAvailable();
		if (durable == null) {
			return List.of();
		}
		return durable.statuses().stream().filter((status) -> status.lag() > 0).toList();
	}

	<S> S saga(int start, Class<?> sagaClass, String key, String value, Class<S> stateType, boolean ended,
			Predicate<? super S> matching) {
		String name = sagaName(sagaClass, stateType);
		SagaStore store = this.sagaStore.getIfAvailable();
		if (store == null) {
			throw new IllegalStateException("No SagaStore bean: is " + sagaClass.getName() + " a bean of this test?");
		}
		JsonMapper json = this.mapper.getIfAvailable(JsonMapper::new);
		AtomicReference<@Nullable SagaInstance> last = new AtomicReference<>();
		AtomicReference<@Nullable S> reached = new AtomicReference<>();
		try {
			await().atMost(this.timeout).pollDelay(Duration.ZERO).pollInterval(POLL_INTERVAL).until(() -> {
				Optional<SagaInstance> instance = store.findSagaId(name, key, value)
					.flatMap((id) -> store.load(name, id));
				if (instance.isEmpty()) {
					return false;
				}
				last.set(instance.get());
				S state = json.readValue(instance.get().state(), stateType);
				if ((ended && !instance.get().ended()) || !matching.test(state)) {
					return false;
				}
				reached.set(state);
				return true;
			});
		}
		catch (ConditionTimeoutException ex) {
			SagaInstance seen = last.get();
			String what = "Saga " + name + " associated with " + key + "=" + value;
			throw failure((seen != null)
					? what + " did not " + (ended ? "end" : "reach the expected state") + "; last seen "
							+ (seen.ended() ? "ended" : "running") + " with state " + seen.state()
					: what + " was never started", start);
		}
		return Objects.requireNonNull(reached.get());
	}

	private static String sagaName(Class<?> sagaClass, Class<?> stateType) {
		Saga saga = AnnotatedElementUtils.findMergedAnnotation(sagaClass, Saga.class);
		if (saga == null) {
			throw new IllegalArgumentException(sagaClass.getName() + " is not annotated with @Saga");
		}
		if (!stateType.isAssignableFrom(saga.state())) {
			throw new IllegalArgumentException(sagaClass.getSimpleName() + " keeps its state in "
					+ saga.state().getName() + ", not in " + stateType.getName());
		}
		return saga.name().isEmpty() ? sagaClass.getSimpleName() : saga.name();
	}

	private AssertionError failure(String what, int start) {
		List<Event<?>> meanwhile = this.recorded.since(start);
		return new AssertionError(what + " within " + this.timeout.toMillis() + " ms. Events published meanwhile ("
				+ meanwhile.size() + "):\n" + RecordedEvents.describe(meanwhile));
	}

}
