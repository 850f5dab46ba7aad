package io.github.eventbus.kafka;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.eventbus.Event;
import io.github.eventbus.EventBusException;
import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.ObserverFailure;
import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.dispatch.ObserverDefinition;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.store.UnreadableEvent;
import io.github.eventbus.store.jdbc.EventSerializer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.RetryListener;

/**
 * Hands the records of one Kafka observer to its method: reads the envelope from the headers, binds the
 * JSON to the registered class of the type name, skips events already handled, parks events of a stream
 * behind its dead letter. Also the recoverer and retry listener of the observer's error handler, which
 * turn the last failure into a dead letter and report every failed attempt.
 * <p>
 * Thread-safe: a container with several consumer threads shares one listener.
 */
final class KafkaObserverListener implements MessageListener<String, String>, ConsumerRecordRecoverer, RetryListener {

	private static final Log logger = LogFactory.getLog(KafkaObserverListener.class);

	private static final long BLOCKED_RELOAD_MILLIS = 5000;

	private final ObserverDefinition definition;

	private final EventSerializer serializer;

	private final ProcessedEvents processed;

	private final DeadLetterStore deadLetters;

	private final ObserverErrorHandler errorHandler;

	private final RetryPolicy retry;

	private final Clock clock;

	private volatile Map<String, Long> blocked = new ConcurrentHashMap<>();

	private volatile long blockedLoadedAt = Long.MIN_VALUE;

	KafkaObserverListener(ObserverDefinition definition, EventSerializer serializer, ProcessedEvents processed,
			DeadLetterStore deadLetters, ObserverErrorHandler errorHandler, RetryPolicy retry, Clock clock) {
		this.definition = definition;
		this.serializer = serializer;
		this.processed = processed;
		this.deadLetters = deadLetters;
		this.errorHandler = errorHandler;
		this.retry = retry;
		this.clock = clock;
	}

	String observerId() {
		return this.definition.id();
	}

	RetryPolicy retry() {
		return this.retry;
	}

	@Override
	public void onMessage(ConsumerRecord<String, String> record) {
		RecordEnvelope envelope = RecordEnvelope.of(record);
		Long blocker = blockedStreams().get(envelope.streamId());
		if (blocker != null && blocker < envelope.position()) {
			park(envelope, blocker);
			return;
		}
		Object payload = read(envelope, record.value());
		if (!this.definition.payloadType().isInstance(payload)) {
			return;
		}
		Event<?> event = envelope.toEvent(payload);
		Object argument = this.definition.wantsEnvelope() ? event : payload;
		this.processed.handleOnce(this.definition.id(), envelope.eventId(), () -> invoke(argument));
	}

	private Object read(RecordEnvelope envelope, @Nullable String json) {
		if (envelope.type() == null || json == null) {
			throw new UnreadableRecordException("Record has no " + EventHeaders.EVENT_TYPE + " header or no value",
					null);
		}
		try {
			return this.serializer.deserialize(envelope.type(), envelope.typeVersion(), json);
		}
		catch (EventBusException ex) {
			throw new UnreadableRecordException(ex.getMessage(), ex);
		}
	}

	private void invoke(Object argument) {
		try {
			this.definition.invoker().invokeExact(argument);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new EventBusException("Kafka observer '" + this.definition.id() + "' failed", ex);
		}
	}

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
		Throwable cause = cause(ex);
		RecordEnvelope envelope = RecordEnvelope.of(record);
		Object payload;
		try {
			payload = (cause instanceof UnreadableRecordException) ? unreadable(envelope, record, cause)
					: read(envelope, (String) record.value());
		}
		catch (RuntimeException readFailure) {
			payload = unreadable(envelope, record, readFailure);
		}
		try {
			this.errorHandler.handle(new ObserverFailure(this.definition.id(), envelope.toEvent(payload), cause,
					deliveryAttempt));
		}
		catch (RuntimeException handlerFailure) {
			logger.error("ObserverErrorHandler failed while handling a failure of Kafka observer '"
					+ this.definition.id() + "'", handlerFailure);
		}
	}

	/** Called by the error handler after the last attempt: the record becomes a dead letter. */
	@Override
	public void accept(ConsumerRecord<?, ?> record, Exception ex) {
		Throwable cause = cause(ex);
		RecordEnvelope envelope = RecordEnvelope.of(record);
		boolean unreadable = cause instanceof UnreadableRecordException;
		Instant now = this.clock.instant();
		DeadLetter.Status status = unreadable ? DeadLetter.Status.UNREADABLE : DeadLetter.Status.FAILED;
		this.deadLetters.add(new DeadLetter(0, this.definition.id(), envelope.position(), envelope.eventId(),
				envelope.streamId(), typeOf(envelope), status, null, cause.getClass().getName(), cause.getMessage(),
				stackTrace(cause), unreadable ? 1 : this.retry.maxAttempts(), now, now, false));
		if (!unreadable) {
			blockedStreams().merge(envelope.streamId(), envelope.position(), Math::min);
		}
		logger.warn("Kafka observer '" + this.definition.id() + "' dead-lettered event " + envelope.eventId() + " ("
				+ status + ") from " + record.topic() + "-" + record.partition() + "@" + record.offset() + ": " + cause);
	}

	private void park(RecordEnvelope envelope, long blocker) {
		Instant now = this.clock.instant();
		this.deadLetters.add(new DeadLetter(0, this.definition.id(), envelope.position(), envelope.eventId(),
				envelope.streamId(), typeOf(envelope), DeadLetter.Status.PARKED, blocker, null, null, null, 0, now,
				now, false));
	}

	private Map<String, Long> blockedStreams() {
		long now = this.clock.millis();
		if (now - this.blockedLoadedAt > BLOCKED_RELOAD_MILLIS) {
			this.blockedLoadedAt = now;
			this.blocked = new ConcurrentHashMap<>(this.deadLetters.blockedStreams(this.definition.id()));
		}
		return this.blocked;
	}

	private static UnreadableEvent unreadable(RecordEnvelope envelope, ConsumerRecord<?, ?> record, Throwable ex) {
		EventBusException error = (ex instanceof EventBusException bus) ? bus
				: new EventBusException(String.valueOf(ex.getMessage()), ex);
		return new UnreadableEvent(typeOf(envelope), envelope.typeVersion(), String.valueOf(record.value()), error);
	}

	private static String typeOf(RecordEnvelope envelope) {
		return (envelope.type() != null) ? envelope.type() : "unknown";
	}

	private static Throwable cause(Exception ex) {
		Throwable cause = ex;
		while (cause instanceof org.springframework.kafka.listener.ListenerExecutionFailedException
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static String stackTrace(Throwable ex) {
		StringWriter writer = new StringWriter();
		ex.printStackTrace(new PrintWriter(writer));
		return writer.toString();
	}

	/** A record whose payload cannot be read: retrying cannot help, so it is dead-lettered at once. */
	static final class UnreadableRecordException extends EventBusException {

		UnreadableRecordException(@Nullable String message, @Nullable Throwable cause) {
			super(String.valueOf(message), cause);
		}

	}

}
