package io.github.eventbus.kafka;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.eventbus.Event;
import io.github.eventbus.EventBusException;
import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.ObserverFailure;
import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.dispatch.Causation;
import io.github.eventbus.dispatch.ObserverDefinition;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.store.UnreadableEvent;
import io.github.eventbus.store.jdbc.EventSerializer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.RetryListener;

/**
 * Hands the records of one Kafka observer to its method: reads the envelope from the headers, binds the
 * JSON to the registered class of the type name, skips events already handled, parks events of a stream
 * behind its dead letter. Also the recoverer and retry listener of the observer's error handler, which
 * turn the last failure into a dead letter and report every failed attempt.
 * <p>
 * Every dead letter keeps a {@link RecordCopy} of its record. {@link #runReplays} delivers the entries
 * marked for replay (by a replay, or by discarding the failed event a stream's parked events wait behind)
 * from those copies, stream by stream and in order, on the instance that consumes the record's partition;
 * a stream's records and its replay never run at once (one lock per stream).
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

	/** Serializes a stream's live records with its replays; striped, so memory does not grow with streams. */
	private final Object[] streamLocks = new Object[64];

	KafkaObserverListener(ObserverDefinition definition, EventSerializer serializer, ProcessedEvents processed,
			DeadLetterStore deadLetters, ObserverErrorHandler errorHandler, RetryPolicy retry, Clock clock) {
		this.definition = definition;
		this.serializer = serializer;
		this.processed = processed;
		this.deadLetters = deadLetters;
		this.errorHandler = errorHandler;
		this.retry = retry;
		this.clock = clock;
		for (int i = 0; i < this.streamLocks.length; i++) {
			this.streamLocks[i] = new Object();
		}
	}

	private Object lockOf(String streamId) {
		return this.streamLocks[Math.floorMod(streamId.hashCode(), this.streamLocks.length)];
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
		synchronized (lockOf(envelope.streamId())) {
			Long blocker = blockedStreams().get(envelope.streamId());
			if (blocker != null && blocker < envelope.position()) {
				if (stillBlocked(envelope)) {
					park(envelope, record, blocker);
					return;
				}
				this.blocked.remove(envelope.streamId());
			}
			handle(envelope, record);
		}
	}

	/** Whether the stream still has a dead letter before this record: the cached view may be stale. */
	private boolean stillBlocked(RecordEnvelope envelope) {
		return this.deadLetters.listStream(this.definition.id(), envelope.streamId())
			.stream()
			.anyMatch((entry) -> entry.status() != DeadLetter.Status.UNREADABLE
					&& entry.eventPosition() < envelope.position());
	}

	private void handle(RecordEnvelope envelope, ConsumerRecord<?, ?> record) {
		Object payload = read(envelope, (String) record.value());
		if (!this.definition.payloadType().isInstance(payload)) {
			return;
		}
		Event<?> event = envelope.toEvent(payload);
		Object argument = this.definition.wantsEnvelope() ? event : payload;
		this.processed.handleOnce(this.definition.id(), envelope.eventId(), () -> invoke(event, argument));
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

	/** Calls the observer with the consumed event as the cause of what it publishes, as the bus does. */
	private void invoke(Event<?> event, Object argument) {
		Event<?> previous = Causation.enter(event);
		try {
			this.definition.invoker().invokeExact(argument);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new EventBusException("Kafka observer '" + this.definition.id() + "' failed", ex);
		}
		finally {
			Causation.exit(previous);
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
		// Unique per observer and event id: false only when this very event is recorded already.
		this.deadLetters.add(new DeadLetter(0, this.definition.id(), envelope.position(), envelope.eventId(),
				envelope.streamId(), typeOf(envelope), status, null, cause.getClass().getName(), cause.getMessage(),
				stackTrace(cause), unreadable ? 1 : this.retry.maxAttempts(), now, now, false), RecordCopy.of(record));
		if (!unreadable) {
			blockedStreams().merge(envelope.streamId(), envelope.position(), Math::min);
		}
		logger.warn("Kafka observer '" + this.definition.id() + "' dead-lettered event " + envelope.eventId() + " ("
				+ status + ") from " + record.topic() + "-" + record.partition() + "@" + record.offset() + ": " + cause);
	}

	private void park(RecordEnvelope envelope, ConsumerRecord<?, ?> record, long blocker) {
		Instant now = this.clock.instant();
		this.deadLetters.add(new DeadLetter(0, this.definition.id(), envelope.position(), envelope.eventId(),
				envelope.streamId(), typeOf(envelope), DeadLetter.Status.PARKED, blocker, null, null, null, 0, now,
				now, false), RecordCopy.of(record));
	}

	/**
	 * Delivers the dead letters marked for replay whose records belong to partitions this instance consumes.
	 * @param assignedPartitions the partitions assigned here, as {@code topic-partition}
	 */
	void runReplays(Set<String> assignedPartitions) {
		List<DeadLetter> requested = this.deadLetters.replayRequested(this.definition.id(), 1000);
		Set<String> replayed = new HashSet<>();
		for (DeadLetter entry : requested) {
			Optional<RecordCopy> copy = this.deadLetters.eventCopy(entry.id()).flatMap(RecordCopy::parse);
			if (copy.isPresent() && !assignedPartitions.contains(copy.get().topicPartition())) {
				continue; // another instance consumes that partition and replays it
			}
			if (copy.isEmpty() && assignedPartitions.isEmpty()) {
				continue;
			}
			if (entry.status() == DeadLetter.Status.UNREADABLE) {
				synchronized (lockOf(entry.streamId())) {
					replay(entry, copy.orElse(null));
				}
			}
			else if (replayed.add(entry.streamId())) {
				replayStream(entry.streamId());
			}
		}
	}

	private void replayStream(String streamId) {
		synchronized (lockOf(streamId)) {
			List<DeadLetter> entries = this.deadLetters.listStream(this.definition.id(), streamId)
				.stream()
				.filter((entry) -> entry.status() != DeadLetter.Status.UNREADABLE)
				.toList();
			for (int i = 0; i < entries.size(); i++) {
				DeadLetter entry = entries.get(i);
				if (replay(entry, this.deadLetters.eventCopy(entry.id()).flatMap(RecordCopy::parse).orElse(null))) {
					continue;
				}
				for (DeadLetter rest : entries.subList(i + 1, entries.size())) {
					this.deadLetters.update(rest.withFailure(DeadLetter.Status.PARKED, entry.eventPosition(), null, null,
							null, rest.attempts(), rest.lastFailureAt()));
				}
				this.blocked.put(streamId, entry.eventPosition());
				return;
			}
			this.blocked.remove(streamId);
		}
	}

	/** One replay attempt from the copy: deletes the entry when it goes through, else records the failure. */
	private boolean replay(DeadLetter entry, @Nullable RecordCopy copy) {
		int attempt = entry.attempts() + 1;
		Throwable failure;
		if (copy == null) {
			failure = new IllegalStateException("No copy of this Kafka record was kept with its dead letter (it was "
					+ "dead-lettered by an earlier version), so it cannot be replayed; discard it instead");
		}
		else {
			ConsumerRecord<String, String> record = copy.toRecord();
			RecordEnvelope envelope = RecordEnvelope.of(record);
			try {
				handle(envelope, record);
				this.deadLetters.delete(entry.id());
				return true;
			}
			catch (RuntimeException ex) {
				failure = ex;
				failedDelivery(record, ex, attempt);
			}
		}
		DeadLetter.Status status = (failure instanceof UnreadableRecordException) ? DeadLetter.Status.UNREADABLE
				: DeadLetter.Status.FAILED;
		this.deadLetters.update(entry.withFailure(status, null, failure.getClass().getName(), failure.getMessage(),
				stackTrace(failure), attempt, this.clock.instant()));
		return false;
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
		while (cause instanceof ListenerExecutionFailedException
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
