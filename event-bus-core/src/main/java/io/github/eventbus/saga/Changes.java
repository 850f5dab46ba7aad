package io.github.eventbus.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.github.eventbus.saga.SagaStore.SagaDeadline;
import io.github.eventbus.store.EventIds;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link SagaLifecycle} of one handler call: records what the handler asks for, applied to the store
 * only when it returns normally.
 */
final class Changes implements SagaLifecycle {

	private final String sagaType;

	private final String sagaId;

	private final SagaManager.Runner runner;

	private final JsonMapper mapper;

	private final List<Consumer<SagaStore>> operations = new ArrayList<>();

	private boolean ended;

	Changes(String sagaType, String sagaId, SagaManager.Runner runner, JsonMapper mapper) {
		this.sagaType = sagaType;
		this.sagaId = sagaId;
		this.runner = runner;
		this.mapper = mapper;
	}

	@Override
	public String sagaId() {
		return this.sagaId;
	}

	@Override
	public void associateWith(String key, String value) {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(value, "value");
		this.operations.add((store) -> store.associate(this.sagaType, this.sagaId, key, value));
	}

	@Override
	public void end() {
		this.ended = true;
	}

	boolean ended() {
		return this.ended;
	}

	@Override
	public String scheduleDeadline(String name, Duration delay, @Nullable Object payload) {
		return scheduleDeadline(name, this.runner.clock().instant().plus(delay), payload);
	}

	@Override
	public String scheduleDeadline(String name, Instant dueAt, @Nullable Object payload) {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(dueAt, "dueAt");
		String id = EventIds.next().toString();
		String json = (payload != null) ? this.mapper.writeValueAsString(payload) : null;
		SagaDeadline deadline = new SagaDeadline(id, this.sagaType, this.sagaId, name, dueAt, json, false);
		this.operations.add((store) -> {
			store.schedule(deadline);
			this.runner.scheduled(dueAt);
		});
		return id;
	}

	@Override
	public void cancelDeadline(String deadlineId) {
		Objects.requireNonNull(deadlineId, "deadlineId");
		this.operations.add((store) -> store.cancel(deadlineId));
	}

	@Override
	public void cancelDeadlines(String name) {
		Objects.requireNonNull(name, "name");
		this.operations.add((store) -> store.cancelAll(this.sagaType, this.sagaId, name));
	}

	void applyTo(SagaStore store) {
		for (Consumer<SagaStore> operation : this.operations) {
			operation.accept(store);
		}
		if (this.ended) {
			store.cancelAll(this.sagaType, this.sagaId, null);
		}
	}

}
