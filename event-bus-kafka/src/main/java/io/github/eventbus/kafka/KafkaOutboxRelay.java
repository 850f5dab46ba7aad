package io.github.eventbus.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.eventbus.Event;
import io.github.eventbus.dispatch.DispatchExtension;
import io.github.eventbus.durable.CheckpointStore;
import io.github.eventbus.lease.Lease;
import io.github.eventbus.lease.LeaseKeeper;
import io.github.eventbus.lease.LeaseStore;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.EventStoreFollower;
import io.github.eventbus.store.jdbc.StoredEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends every event of the {@link EventStore} to Kafka, in position order, behind a checkpoint: the
 * transactional outbox. Events are committed to the store first and sent afterwards, so a crash between
 * the two loses nothing.
 *
 * <h2>Records</h2>
 * Each event becomes one record on the topic chosen by the {@link TopicResolver}, keyed by its stream id
 * so that one stream stays in one partition, in order. The value is the payload's JSON exactly as the
 * store holds it; the envelope travels in {@link EventHeaders}.
 *
 * <h2>Delivery</h2>
 * The relay reads a batch from its checkpoint on, sends it, waits for Kafka to acknowledge every record,
 * and only then saves the checkpoint past the last event acknowledged in order. A failed or timed-out
 * send, or a crash, makes it resend from the checkpoint: every event reaches Kafka at least once, and an
 * event may reach it more than once (consumers deduplicate by {@link EventHeaders#EVENT_ID}). The producer
 * should be idempotent with {@code acks=all} so that a retried send neither reorders nor is lost by a
 * broker failover; the auto-configuration sets both.
 *
 * <h2>Instances</h2>
 * One relay runs across every instance sharing a database: the one holding the lease named
 * {@link KafkaRelaySettings#name()}. The others stand by and take over, from the checkpoint, at most one
 * lease duration after the owner stops renewing. Checkpoint saves are fenced by the lease, and a batch
 * never outlives it: the relay waits for acknowledgements only while it holds the lease (whatever
 * {@link KafkaRelaySettings#sendTimeout()} says), and when the lease runs out mid-batch it gives the
 * batch up and resets its producer, dropping what was not sent yet, before another instance can start.
 * <p>
 * Thread-safe. Works on a thread of its own, woken by {@link #appended} when this instance appends and
 * every poll interval otherwise. A {@link SmartLifecycle}: it stops after the batch in flight, releasing
 * the lease.
 */
public final class KafkaOutboxRelay implements DispatchExtension, EventStoreFollower, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(KafkaOutboxRelay.class);

	private final OutboxSource source;

	private final EventStore store;

	private final KafkaTemplate<String, String> template;

	private final TopicResolver topics;

	private final @Nullable KafkaTopics topicCreator;

	private final LeaseStore leases;

	private final CheckpointStore checkpoints;

	private final KafkaRelaySettings settings;

	private final Semaphore wakeUps = new Semaphore(0);

	private final Set<String> ensuredTopics = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private volatile @Nullable Thread worker;

	private volatile @Nullable LeaseKeeper keeper;

	private volatile boolean running;

	private volatile long checkpoint = -1;

	// Touched by the worker only.
	private @Nullable Lease lease;

	private long nextPosition;

	/**
	 * Creates a relay; it starts with {@link #start()}.
	 * @param store the store to follow
	 * @param serializer turns payloads into JSON for stores that keep objects; unused for the JDBC store,
	 * whose stored JSON is sent as it is
	 * @param template sends the records; should be idempotent with {@code acks=all}
	 * @param topics chooses each event's topic
	 * @param topicCreator creates missing topics before the first send to each, or {@code null}
	 * @param leases where the relay's lease lives
	 * @param checkpoints where the relay's checkpoint lives, fenced by {@code leases}
	 * @param settings names and timings
	 */
	public KafkaOutboxRelay(EventStore store, Function<Object, String> serializer, KafkaTemplate<String, String> template,
			TopicResolver topics, @Nullable KafkaTopics topicCreator, LeaseStore leases, CheckpointStore checkpoints,
			KafkaRelaySettings settings) {
		this.store = Objects.requireNonNull(store, "store");
		this.source = OutboxSource.of(store, serializer);
		this.template = Objects.requireNonNull(template, "template");
		this.topics = Objects.requireNonNull(topics, "topics");
		this.topicCreator = topicCreator;
		this.leases = Objects.requireNonNull(leases, "leases");
		this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
		this.settings = Objects.requireNonNull(settings, "settings");
	}

	@Override
	public void appended(List<Event<?>> events) {
		if (this.running && this.wakeUps.availablePermits() == 0) {
			this.wakeUps.release();
		}
	}

	/** Wakes the relay: events appended elsewhere may be readable now. */
	@Override
	public void wakeUp() {
		appended(List.of());
	}

	/** The checkpoint as last saved here, or -1 when this instance has not run the relay. */
	public long checkpoint() {
		return this.checkpoint;
	}

	/** How many events are stored but not yet acknowledged by Kafka, as seen from the saved checkpoint. */
	public long lag() {
		return this.store.countAfter(this.checkpoints.find(this.settings.name()).orElse(0));
	}

	/** Whether this instance holds the relay's lease now. */
	public boolean isOwner() {
		LeaseKeeper current = this.keeper;
		return current != null && current.held(this.settings.name()) != null;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		LeaseKeeper started = new LeaseKeeper(this.leases, this.settings.instanceId(), this.settings.leaseDuration(),
				this.settings.pollInterval());
		this.keeper = started;
		this.running = true;
		started.keep(this.settings.name(), this.wakeUps::release);
		Thread thread = new Thread(this::run, "eventbus-kafka-relay");
		thread.setDaemon(true);
		this.worker = thread;
		thread.start();
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			// After a halt too: the producer must not outlive the application.
			this.template.getProducerFactory().reset();
			return;
		}
		this.running = false;
		this.wakeUps.release();
		Thread thread = this.worker;
		if (thread != null) {
			try {
				thread.join(this.settings.sendTimeout().toMillis() + 1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		LeaseKeeper started = this.keeper;
		this.keeper = null;
		if (started != null) {
			started.close();
		}
		this.template.getProducerFactory().reset();
	}

	/** Stops at once without saving or releasing anything: what a crash looks like to other instances. */
	synchronized void halt() {
		this.running = false;
		LeaseKeeper started = this.keeper;
		this.keeper = null;
		if (started != null) {
			started.abandon();
		}
		Thread thread = this.worker;
		if (thread != null) {
			thread.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		while (this.running) {
			long delay;
			try {
				delay = turn();
			}
			catch (LeaseLostException ex) {
				logger.info("Kafka relay '" + this.settings.name() + "' lost its lease; another instance takes over");
				this.lease = null;
				delay = this.settings.pollInterval().toMillis();
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
				logger.warn("Kafka relay '" + this.settings.name() + "' failed; resending from its checkpoint in "
						+ this.settings.retryBackoff().toMillis() + " ms", ex);
				this.lease = null;
				delay = this.settings.retryBackoff().toMillis();
			}
			if (delay > 0 && this.running) {
				try {
					this.wakeUps.tryAcquire(delay, TimeUnit.MILLISECONDS);
					this.wakeUps.drainPermits();
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}
	}

	/** One batch; returns the delay before the next one, 0 to go on at once. */
	private long turn() {
		LeaseKeeper keeper = this.keeper;
		Lease current = (keeper != null) ? keeper.held(this.settings.name()) : null;
		if (current == null) {
			this.lease = null;
			return this.settings.pollInterval().toMillis();
		}
		if (this.lease == null || this.lease.token() != current.token()) {
			this.nextPosition = this.checkpoints.find(this.settings.name()).orElse(0) + 1;
			this.checkpoint = this.nextPosition - 1;
			logger.info("Kafka relay '" + this.settings.name() + "' runs on this instance from position "
					+ this.nextPosition);
		}
		this.lease = current;
		List<StoredEvent> batch = this.source.read(this.nextPosition, this.settings.batchSize());
		if (batch.isEmpty()) {
			return this.settings.pollInterval().toMillis();
		}
		long acknowledged = send(batch, keeper);
		if (acknowledged >= this.nextPosition) {
			if (!this.checkpoints.save(this.settings.name(), acknowledged, current)) {
				throw new LeaseLostException();
			}
			this.checkpoint = acknowledged;
			this.nextPosition = acknowledged + 1;
		}
		if (acknowledged < batch.get(batch.size() - 1).position()) {
			throw new IllegalStateException("Kafka did not acknowledge every record of the batch");
		}
		return (batch.size() == this.settings.batchSize()) ? 0 : this.settings.pollInterval().toMillis();
	}

	/** Sends a batch and returns the position up to which every record was acknowledged. */
	private long send(List<StoredEvent> batch, LeaseKeeper keeper) {
		List<CompletableFuture<?>> sends = new ArrayList<>(batch.size());
		RuntimeException failure = null;
		for (StoredEvent event : batch) {
			try {
				sends.add(this.template.send(record(event)));
			}
			catch (RuntimeException ex) {
				failure = ex;
				break;
			}
		}
		this.template.flush();
		long deadline = System.nanoTime() + this.settings.sendTimeout().toNanos();
		long acknowledged = this.nextPosition - 1;
		boolean inOrder = true;
		for (int i = 0; i < sends.size(); i++) {
			try {
				awaitWithinLease(sends.get(i), deadline, keeper);
				if (inOrder) {
					acknowledged = batch.get(i).position();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for Kafka", ex);
			}
			catch (LeaseLostException ex) {
				throw ex;
			}
			catch (Exception ex) {
				if (inOrder) {
					logger.warn("Kafka did not acknowledge " + batch.get(i).eventId() + " at position "
							+ batch.get(i).position() + ": " + ex);
				}
				inOrder = false;
			}
		}
		if (failure != null && acknowledged < batch.get(0).position()) {
			throw failure;
		}
		return acknowledged;
	}

	/**
	 * Waits for one acknowledgement until the send timeout, but only while the lease is held here (renewals
	 * extend the wait): a batch must not go on after another instance may have taken over.
	 */
	private void awaitWithinLease(CompletableFuture<?> send, long deadline, LeaseKeeper keeper) throws Exception {
		while (true) {
			long leaseLeft = keeper.remaining(this.settings.name()).toNanos();
			if (leaseLeft <= 0) {
				// What the producer still holds would go out next to the new owner's batch: drop it.
				logger.warn("Kafka relay '" + this.settings.name() + "' lost its lease while waiting for Kafka; "
						+ "giving the batch up and resetting its producer");
				this.template.getProducerFactory().reset();
				throw new LeaseLostException();
			}
			long wait = Math.min(Math.min(leaseLeft, deadline - System.nanoTime()), TimeUnit.MILLISECONDS.toNanos(100));
			try {
				send.get(Math.max(0, wait), TimeUnit.NANOSECONDS);
				return;
			}
			catch (java.util.concurrent.TimeoutException ex) {
				if (System.nanoTime() - deadline >= 0) {
					throw ex;
				}
			}
		}
	}

	private ProducerRecord<String, String> record(StoredEvent event) {
		String topic = this.topics.topicOf(event.streamId(), event.typeName());
		if (this.topicCreator != null && this.ensuredTopics.add(topic)) {
			try {
				this.topicCreator.ensure(List.of(topic));
			}
			catch (RuntimeException ex) {
				this.ensuredTopics.remove(topic);
				throw ex;
			}
		}
		return new ProducerRecord<>(topic, null, event.streamId(), event.payloadJson(), OutboxHeaders.of(event));
	}

	private static final class LeaseLostException extends RuntimeException {

		LeaseLostException() {
			super(null, null, false, false);
		}

	}

}
