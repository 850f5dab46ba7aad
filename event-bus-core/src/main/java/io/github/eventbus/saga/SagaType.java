package io.github.eventbus.saga;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.Event;
import io.github.eventbus.dispatch.ObserverDefinition;
import io.github.eventbus.saga.AttemptRunner.Attempt;
import io.github.eventbus.saga.SagaRouting.Routed;
import io.github.eventbus.saga.SagaStore.SagaDeadline;
import io.github.eventbus.saga.SagaStore.SagaInstance;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeanUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * One {@link Saga} bean: its handlers, resolved once ({@link SagaHandlers}), and the observer that feeds
 * it. The observer is ordered by saga instance ({@link SagaRouting#orderingKey(Event)}), so a durable worker
 * with several lanes runs several instances at once while each instance handles its events one at a time, in
 * order; in a mailbox it handles one event at a time. Each event or deadline is handled in one step of the
 * runner ({@link AttemptRunner}).
 * <p>
 * A new instance's id is derived from the saga name and the association that starts it, so the lanes (and
 * instances of the application) that see its starting event agree on it before the instance is stored.
 */
final class SagaType {

	private static final Log logger = LogFactory.getLog(SagaType.class);

	private static final MethodType INVOKER_TYPE = MethodType.methodType(void.class, Object.class);

	private final String name;

	private final String beanName;

	private final Object bean;

	private final Class<?> stateType;

	private final List<EventHandler> handlers;

	private final Map<String, HandlerMethod> deadlineHandlers;

	private final SagaStore store;

	private final JsonMapper mapper;

	private final SagaManager.Runner runner;

	private final SagaRouting routing;

	private final AttemptRunner attempts;

	SagaType(String beanName, Object bean, SagaStore store, JsonMapper mapper, SagaManager.Runner runner) {
		Class<?> beanClass = AopUtils.getTargetClass(bean);
		Saga saga = AnnotatedElementUtils.findMergedAnnotation(beanClass, Saga.class);
		if (saga == null) {
			throw new IllegalArgumentException(beanName + " is not annotated with @Saga");
		}
		this.name = saga.name().isEmpty() ? beanClass.getSimpleName() : saga.name();
		this.beanName = beanName;
		this.bean = bean;
		this.stateType = saga.state();
		this.store = store;
		this.mapper = mapper;
		this.runner = runner;
		BeanUtils.getResolvableConstructor(this.stateType);
		this.handlers = SagaHandlers.events(bean, beanClass, this.stateType);
		this.deadlineHandlers = SagaHandlers.deadlines(bean, beanClass, this.stateType);
		this.routing = new SagaRouting(this.name, this.handlers, store);
		this.attempts = new AttemptRunner(this.name, store, runner);
	}

	String name() {
		return this.name;
	}

	/** The payload types its event handlers declare. */
	List<Class<?>> payloadTypes() {
		List<Class<?>> types = new ArrayList<>();
		for (EventHandler handler : this.handlers) {
			Class<?> type = handler.handler().payloadType();
			if (type != null) {
				types.add(type);
			}
		}
		return types;
	}

	/**
	 * The observer the bus registers: durable when durable observers are configured, else a mailbox.
	 * @param concurrency how many instances a durable worker may run at once
	 */
	ObserverDefinition observer(int concurrency) {
		try {
			Method method = SagaType.class.getDeclaredMethod("on", Event.class);
			MethodHandle invoker = MethodHandles.lookup()
				.findVirtual(SagaType.class, "on", MethodType.methodType(void.class, Event.class))
				.bindTo(this)
				.asType(INVOKER_TYPE);
			return new ObserverDefinition("saga:" + this.name, this.beanName, method, Object.class, true,
					DispatchMode.FIRE_AND_FORGET, Boolean.TRUE, concurrency, invoker, this.routing::orderingKey);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String newSagaId(String key, String value) {
		return sagaId(this.name, key, value);
	}

	/** The id of the instance of saga {@code sagaName} that an event with this association starts. */
	static String sagaId(String sagaName, String key, String value) {
		return UUID.nameUUIDFromBytes((sagaName + '\u0000' + key + '\u0000' + value).getBytes(StandardCharsets.UTF_8))
			.toString();
	}

	/** Entry point of every event of the store for this saga type. */
	void on(Event<?> event) {
		Object payload = event.payload();
		if (payload instanceof DeadlineFired fired) {
			if (fired.sagaType().equals(this.name)) {
				this.attempts.run((attempt) -> onDeadline(event, fired, attempt));
			}
			return;
		}
		Optional<EventHandler> route = this.routing.handler(payload.getClass());
		if (route.isEmpty()) {
			return;
		}
		EventHandler handler = route.get();
		String value = handler.reader().read(payload);
		if (value == null) {
			logger.debug("Saga " + this.name + " ignores " + event + ": its " + handler.key() + " is null");
			return;
		}
		String association = SagaRouting.association(handler.key(), value);
		Routed routed = this.routing.cached(association);
		Attempt handled = this.attempts.run((attempt) -> attempt.stored = onEvent(event, handler, value, routed, attempt));
		String stored = handled.stored;
		if (stored != null) {
			this.routing.stored(association, stored);
		}
	}

	/** Returns the id of the instance the association is stored for, if any. */
	private @Nullable String onEvent(Event<?> event, EventHandler handler, String value, @Nullable Routed routed,
			Attempt attempt) {
		if (routed != null && routed.stored()) {
			SagaInstance instance = this.attempts.load(routed.sagaId(), attempt);
			if (instance != null) {
				onInstance(instance, event, handler, attempt);
				return instance.sagaId();
			}
		}
		Optional<String> sagaId = this.store.findSagaId(this.name, handler.key(), value);
		if (sagaId.isEmpty()) {
			if (handler.start()) {
				String id = newSagaId(handler.key(), value);
				SagaInstance stored = this.store.load(this.name, id).orElse(null);
				if (stored != null) {
					// Stored without its association by a start that ran without a transaction and stopped.
					this.store.associate(this.name, id, handler.key(), value);
					onInstance(stored, event, handler, attempt);
					return id;
				}
				Object state = BeanUtils.instantiateClass(this.stateType);
				Changes changes = new Changes(this.name, id, this.runner, this.mapper);
				handler.handler().invoke(this.bean, event, event.payload(), state, changes);
				SagaInstance created = new SagaInstance(this.name, id, this.mapper.writeValueAsString(state), 1,
						event.position(), changes.ended() || handler.handler().ends());
				attempt.sagaId = id;
				this.store.insert(created);
				this.store.associate(this.name, id, handler.key(), value);
				finish(changes, handler.handler());
				attempt.saved = created;
				return id;
			}
			return null;
		}
		SagaInstance instance = this.attempts.load(sagaId.get(), attempt);
		if (instance != null) {
			onInstance(instance, event, handler, attempt);
		}
		return sagaId.get();
	}

	private void onInstance(SagaInstance instance, Event<?> event, EventHandler handler, Attempt attempt) {
		// A kept copy may be stale but never ahead of the store, and an ended instance never changes again.
		if (instance.ended() || event.position() <= instance.lastPosition()) {
			return;
		}
		handle(instance, event, (state, changes) -> handler.handler().invoke(this.bean, event, event.payload(), state,
				changes), handler.handler(), attempt);
	}

	private void onDeadline(Event<?> event, DeadlineFired fired, Attempt attempt) {
		Optional<SagaDeadline> deadline = this.store.findDeadline(fired.deadlineId());
		if (deadline.isEmpty()) {
			return; // cancelled after it fired, or handled already
		}
		SagaInstance instance = this.attempts.load(fired.sagaId(), attempt);
		HandlerMethod handler = this.deadlineHandlers.get(fired.name());
		if (instance != null && !instance.ended() && event.position() > instance.lastPosition()) {
			if (handler != null) {
				Class<?> payloadType = handler.payloadType();
				Object payload = (payloadType != null && fired.payload() != null)
						? this.mapper.readValue(fired.payload(), payloadType) : null;
				handle(instance, event, (state, changes) -> handler.invoke(this.bean, event, payload, state, changes),
						handler, attempt);
			}
			else {
				logger.warn("Saga " + this.name + " has no @DeadlineHandler(\"" + fired.name() + "\"); deadline "
						+ fired.deadlineId() + " of instance " + fired.sagaId() + " is dropped");
			}
		}
		// Only once handled: without a transaction, a handler that throws must find its deadline on retry.
		this.store.cancel(fired.deadlineId());
	}

	private void handle(SagaInstance instance, Event<?> event, Call call, HandlerMethod handler, Attempt attempt) {
		Object state = this.mapper.readValue(instance.state(), this.stateType);
		Changes changes = new Changes(this.name, instance.sagaId(), this.runner, this.mapper);
		call.invoke(state, changes);
		boolean ended = changes.ended() || handler.ends();
		SagaInstance updated = new SagaInstance(this.name, instance.sagaId(), this.mapper.writeValueAsString(state),
				instance.version() + 1, event.position(), ended);
		this.attempts.update(updated, attempt);
		finish(changes, handler);
		attempt.saved = updated;
	}

	private void finish(Changes changes, HandlerMethod handler) {
		if (handler.ends()) {
			changes.end();
		}
		changes.applyTo(this.store);
	}

	@Override
	public String toString() {
		return "Saga " + this.name + " (" + this.beanName + ")";
	}

	@FunctionalInterface
	private interface Call {

		void invoke(Object state, Changes changes);

	}

}
