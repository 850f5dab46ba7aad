package io.github.eventbus.durable;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;
import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.ObserverFailure;
import io.github.eventbus.Retry;
import io.github.eventbus.StartFrom;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.deadletter.DeadLetters;
import io.github.eventbus.dispatch.DispatchExtension;
import io.github.eventbus.dispatch.ObserverDefinition;
import io.github.eventbus.lease.Lease;
import io.github.eventbus.lease.LeaseKeeper;
import io.github.eventbus.lease.LeaseStore;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.EventStoreFollower;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Feeds durable observers ({@code @EventObserver(durable = true)}, or unset with durable-by-default) from
 * the {@link EventStore} behind a checkpoint per observer, instead of in-memory mailboxes.
 * <p>
 * <b>Delivery.</b> Each durable observer has its own worker that reads the store from its checkpoint on,
 * in position order, and calls the observer one event at a time; with {@code concurrency = N} it hands
 * each batch to N lanes by stream (by its ordering key if it has one: a saga by saga instance), so up to N
 * streams are handled at once, each in order. It is woken as soon as this instance appends
 * ({@link #appended}) or another one announces appends ({@link #wakeUp()}), and polls every
 * {@code pollInterval} for events appended by other instances. The checkpoint advances past an event
 * once it is handled or dead-lettered, so a crash or restart redelivers at most the events after the
 * last saved checkpoint: at-least-once.
 * <p>
 * <b>Failures.</b> Every failed attempt goes to the {@link ObserverErrorHandler}. A failed event is
 * retried with exponential backoff ({@link DurableSettings#retry()}, or {@link Retry} on the method) while
 * the observer's other streams keep flowing; later events of its stream wait. After the last attempt it
 * becomes a {@link io.github.eventbus.deadletter.DeadLetter}, and later events of that stream are parked
 * behind it until {@link #deadLetters()} replays or discards it. An observer segmented by its ordering key
 * (a saga by saga instance) reads "key" for "stream" here: a dead letter parks its key's later events and
 * is replayed by the instance running its key's segment. An event the store cannot read is
 * dead-lettered at once and the observer moves on.
 * <p>
 * <b>Instances.</b> An observer is split into {@link Segments segments} ({@code @EventObserver(segments = N)},
 * default {@link DurableSettings#segments()}), by stream id, or by its ordering key if it has one (an event
 * whose key is not known yet is read by every segment). Each segment runs on the one instance holding
 * its lease; instances share the segments fairly and take over, from the checkpoint, those of an instance
 * that stops renewing, at most one lease duration later. With one segment (the default) the observer runs
 * on one instance and the others stand by. Checkpoint saves are fenced by the segment's lease, and a
 * worker checks the lease before each event. {@link #reset} moves an observer back, on every instance.
 * <p>
 * Thread-safe. A {@link SmartLifecycle}: workers start with the context and stop with it, finishing the
 * current event, saving the checkpoint and releasing leases.
 */
public final class DurableObservers implements DispatchExtension, EventStoreFollower, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DurableObservers.class);

	private final EventStore store;

	private final CheckpointStore checkpoints;

	private final LeaseStore leases;

	private final DeadLetterStore deadLetterStore;

	private final ObserverErrorHandler errorHandler;

	private final DurableSettings settings;

	private final boolean durableByDefault;

	private final Clock clock;

	private final @Nullable ScheduledExecutorService userScheduler;

	private volatile @Nullable ScheduledExecutorService scheduler;

	private final Map<String, ObserverWorker> workers = new ConcurrentHashMap<>();

	private final DeadLetters deadLetters;

	private volatile @Nullable LeaseKeeper keeper;

	private DurableObservers(Builder builder) {
		this.store = builder.store;
		this.leases = (builder.leases != null) ? builder.leases : LeaseStore.inMemory();
		this.checkpoints = (builder.checkpoints != null) ? builder.checkpoints : CheckpointStore.inMemory(this.leases);
		this.deadLetterStore = (builder.deadLetters != null) ? builder.deadLetters : DeadLetterStore.inMemory();
		this.errorHandler = (builder.errorHandler != null) ? builder.errorHandler : DurableObservers::log;
		this.settings = builder.settings;
		this.clock = builder.clock;
		this.userScheduler = builder.scheduler;
		this.deadLetters = new StoreBackedDeadLetters(this.deadLetterStore, this::refresh, this::blocksByKey);
		this.durableByDefault = builder.durableByDefault;
	}

	/**
	 * Starts building an instance; unset collaborators are in memory.
	 * @param store the event store observers follow
	 * @return a builder
	 */
	public static Builder builder(EventStore store) {
		return new Builder(store);
	}

	/**
	 * Whether this takes the observer: {@link io.github.eventbus.EventObserver#durable()} when set, else
	 * the durable-by-default setting of the {@link Builder}.
	 * @param definition the observer
	 * @return {@code true} if it is durable
	 */
	public boolean isDurable(ObserverDefinition definition) {
		return (definition.durable() != null) ? definition.durable() : this.durableByDefault;
	}

	@Override
	public boolean register(ObserverDefinition definition) {
		if (!isDurable(definition)) {
			return false;
		}
		Function<Event<?>, @Nullable String> orderingKey = definition.orderingKey();
		// Ordered by something else than the stream (a saga by instance): segmented by it too, so that one
		// instance handles events of one key; an event whose key is not known yet is read by every segment.
		register(definition, (orderingKey != null) ? new OrderedSegmentKey(orderingKey) : SegmentKey.STREAM_ID);
		return true;
	}

	/**
	 * Registers an annotated observer as durable, whatever its {@code durable} attribute says, with the
	 * events' segments decided by {@code segmentKey} (a saga type keys by saga instance).
	 * @param definition the observer
	 * @param segmentKey what decides an event's segment
	 */
	public void register(ObserverDefinition definition, SegmentKey segmentKey) {
		Retry retry = AnnotatedElementUtils.findMergedAnnotation(definition.method(), Retry.class);
		int segments = segmentsOf(definition);
		if (segments < 1) {
			throw new IllegalStateException("Durable observer '" + definition.id() + "' (" + definition.describe()
					+ ") has segments = " + segments + "; it must be at least 1");
		}
		add(new Delivery(definition, this.errorHandler), definition.concurrency(), definition.orderingKey(), segments,
				segmentKey, this.settings.retry().overriddenBy(retry), startFrom(definition), definition.describe());
	}

	/**
	 * Registers a durable handler that is not an annotated method, with the configured retry policy and
	 * start position.
	 * @param id a stable id, unique among durable observers: it names the checkpoint, lease and dead letters
	 * @param payloadType the payloads handled (subtypes match)
	 * @param handler the handler
	 */
	public void register(String id, Class<?> payloadType, DurableHandler handler) {
		register(id, payloadType, this.settings.retry(), this.settings.startFrom(), handler);
	}

	/**
	 * Registers a durable handler that is not an annotated method.
	 * @param id a stable id, unique among durable observers: it names the checkpoint, lease and dead letters
	 * @param payloadType the payloads handled (subtypes match)
	 * @param retry how failed attempts are retried
	 * @param startFrom where the handler starts when it has no checkpoint
	 * @param handler the handler
	 */
	public void register(String id, Class<?> payloadType, RetryPolicy retry, StartFrom startFrom,
			DurableHandler handler) {
		register(id, payloadType, retry, startFrom, 1, 1, SegmentKey.STREAM_ID, handler);
	}

	/**
	 * Registers a durable handler that is not an annotated method, split into segments.
	 * @param id a stable id, unique among durable observers: it names the checkpoints, leases and dead letters
	 * @param payloadType the payloads handled (subtypes match)
	 * @param retry how failed attempts are retried
	 * @param startFrom where the handler starts when it has no checkpoint
	 * @param concurrency how many events it handles at once on this instance (by stream)
	 * @param segments how many segments instances share ({@link Segments})
	 * @param segmentKey what decides an event's segment
	 * @param handler the handler
	 */
	public void register(String id, Class<?> payloadType, RetryPolicy retry, StartFrom startFrom, int concurrency,
			int segments, SegmentKey segmentKey, DurableHandler handler) {
		add(new Delivery(id, payloadType, handler, this.errorHandler), concurrency, null, segments, segmentKey, retry,
				startFrom, handler.toString());
	}

	private void add(Delivery delivery, int concurrency, @Nullable Function<Event<?>, @Nullable String> orderingKey,
			int segments, SegmentKey segmentKey, RetryPolicy retry, StartFrom startFrom, String description) {
		ObserverWorker worker = new ObserverWorker(delivery, concurrency, orderingKey, segments, segmentKey, retry,
				startFrom,
				this.store, this.checkpoints, this.leases, this.deadLetterStore, this.settings, this.clock);
		if (this.workers.putIfAbsent(delivery.observerId(), worker) != null) {
			throw new IllegalStateException("Two durable observers have the id '" + delivery.observerId() + "': "
					+ description + " and another one; give one of them another id()");
		}
		ScheduledExecutorService running = this.scheduler;
		LeaseKeeper keeper = this.keeper;
		if (running != null && keeper != null) {
			growOwnPool(running);
			checkSegmentCount(worker);
			worker.start(keeper, running);
		}
	}

	/**
	 * How many segments a durable observer is split into: {@link EventObserver#segments()} when set, else
	 * {@link DurableSettings#segments()}.
	 * @param definition the observer
	 * @return the segment count
	 */
	public int segmentsOf(ObserverDefinition definition) {
		EventObserver annotation = AnnotatedElementUtils.findMergedAnnotation(definition.method(),
				EventObserver.class);
		return (annotation != null && annotation.segments().length > 0) ? annotation.segments()[0]
				: this.settings.segments();
	}

	private StartFrom startFrom(ObserverDefinition definition) {
		EventObserver annotation = AnnotatedElementUtils.findMergedAnnotation(definition.method(),
				EventObserver.class);
		return (annotation != null && annotation.startFrom().length > 0) ? annotation.startFrom()[0]
				: this.settings.startFrom();
	}

	@Override
	public void appended(List<Event<?>> events) {
		if (this.keeper != null && !events.isEmpty()) {
			long committedUpTo = events.get(events.size() - 1).position();
			// Only observers of these payloads: every turn costs a read of the store.
			for (ObserverWorker worker : this.workers.values()) {
				if (worker.wants(events)) {
					worker.wakeFor(committedUpTo);
				}
			}
		}
	}

	/** Wakes every observer: events appended elsewhere may be readable now. */
	@Override
	public void wakeUp() {
		if (this.keeper != null) {
			for (ObserverWorker worker : this.workers.values()) {
				worker.nudge();
			}
		}
	}

	/** Wakes every observer, which reads until it has seen the events up to {@code committedUpTo}. */
	@Override
	public void wakeUp(long committedUpTo) {
		if (this.keeper != null) {
			for (ObserverWorker worker : this.workers.values()) {
				worker.wakeFor(committedUpTo);
			}
		}
	}

	/** The settings this instance runs with. */
	public DurableSettings settings() {
		return this.settings;
	}

	/** The API to list, replay and discard dead letters. */
	public DeadLetters deadLetters() {
		return this.deadLetters;
	}

	/** Status of every durable observer registered here, by id. */
	public List<DurableObserverStatus> statuses() {
		List<DurableObserverStatus> statuses = new ArrayList<>();
		for (ObserverWorker worker : this.workers.values()) {
			statuses.add(status(worker));
		}
		statuses.sort((a, b) -> a.observerId().compareTo(b.observerId()));
		return statuses;
	}

	/**
	 * Status of one durable observer.
	 * @param observerId the observer id
	 * @return its status; empty if no durable observer has that id here
	 */
	public Optional<DurableObserverStatus> status(String observerId) {
		return Optional.ofNullable(this.workers.get(observerId)).map(this::status);
	}

	private DurableObserverStatus status(ObserverWorker worker) {
		long head = this.store.headPosition();
		List<String> names = worker.segmentNames();
		// Expiry judged by the lease store's clock, not this instance's.
		Map<String, String> owners = new HashMap<>();
		for (Lease lease : this.leases.findLive(names)) {
			owners.put(lease.name(), lease.owner());
		}
		Map<String, Long> saved = (names.size() == 1) ? Map.of() : this.checkpoints.findByPrefix(Segments.prefix(worker.id()));
		List<DurableObserverStatus.SegmentStatus> segments = new ArrayList<>(names.size());
		DurableObserverStatus.State state = worker.state();
		boolean runningHere = state == DurableObserverStatus.State.RUNNING
				|| state == DurableObserverStatus.State.RETRYING;
		long lowest = Long.MAX_VALUE;
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			// The owner knows its checkpoint; anyone else's memory of it is stale.
			long checkpoint = runningHere ? worker.checkpoint(i) : -1;
			if (checkpoint < 0) {
				Long found = (names.size() == 1) ? (Long) this.checkpoints.find(name).stream().boxed().findFirst().orElse(null)
						: saved.get(name);
				checkpoint = (found != null) ? found : -1;
			}
			lowest = Math.min(lowest, Math.max(0, checkpoint));
			segments.add(new DurableObserverStatus.SegmentStatus(i, name, checkpoint,
					this.store.countAfter(Math.max(0, checkpoint)), owners.get(name)));
		}
		String owner = owners.isEmpty() ? null : String.join(", ", new TreeSet<>(owners.values()));
		return new DurableObserverStatus(worker.id(), lowest, head, this.store.countAfter(lowest),
				this.deadLetterStore.count(worker.id()), owner, state, List.copyOf(segments));
	}

	/**
	 * Moves a durable observer back (or forward) on every instance: a projection rebuild. The observer
	 * pauses on every instance running it (they hand its segments over within about a tenth of the lease
	 * duration, or once an instance that died loses its leases), every segment's checkpoint is set from
	 * {@code target}, and it resumes from there on whichever instances claim its segments. Events appended
	 * meanwhile are not lost: they are after the new checkpoint. Blocks until done.
	 * @param observerId the observer id; it must be registered on this instance
	 * @param target where the observer resumes
	 * @param clearDeadLetters whether to delete the old run's dead letters (otherwise they stay, and their
	 * streams stay parked behind them)
	 * @return what was done
	 * @throws IllegalArgumentException if no durable observer has that id here
	 * @throws IllegalStateException if this instance is not running, another reset of it runs, or it did not
	 * pause within twice the lease duration plus the shutdown timeout
	 */
	public ResetResult reset(String observerId, ResetTarget target, boolean clearDeadLetters) {
		ObserverWorker worker = this.workers.get(observerId);
		if (worker == null) {
			throw new IllegalArgumentException("No durable observer '" + observerId + "' on this instance");
		}
		if (this.keeper == null) {
			throw new IllegalStateException("Durable observers are not running on this instance");
		}
		Duration timeout = this.settings.leaseDuration().multipliedBy(2).plus(this.settings.shutdownTimeout());
		return new ObserverReset(this.store, this.checkpoints, this.leases, this.deadLetterStore, this.settings)
			.run(worker, target, clearDeadLetters, timeout);
	}

	/** Refuses to run an observer whose checkpoints were taken with another segment count. */
	private void checkSegmentCount(ObserverWorker worker) {
		String id = worker.id();
		int count = worker.segmentCount();
		TreeSet<String> others = new TreeSet<>();
		if (count > 1 && this.checkpoints.find(id).isPresent()) {
			others.add(id);
		}
		Map<String, Long> segmented;
		try {
			segmented = this.checkpoints.findByPrefix(Segments.prefix(id));
		}
		catch (UnsupportedOperationException ex) {
			if (count > 1) {
				throw ex;
			}
			return;
		}
		for (String name : segmented.keySet()) {
			int taken = Segments.countOf(id, name);
			if (taken > 0 && taken != count) {
				others.add(name);
			}
		}
		if (!others.isEmpty()) {
			int taken = Segments.countOf(id, others.first());
			throw new IllegalStateException("Durable observer '" + id + "' is configured with " + count
					+ " segment(s), but its checkpoints were taken with " + taken + " segment(s) (" + others
					+ "). Changing the segment count of an existing observer is not supported: set segments back to "
					+ taken + ", or stop every instance and delete these checkpoints so that it starts over from "
					+ "eventbus.observers.start-from");
		}
	}

	private boolean blocksByKey(String observerId) {
		ObserverWorker worker = this.workers.get(observerId);
		return worker != null && worker.blocksByKey();
	}

	private void refresh(String observerId) {
		ObserverWorker worker = this.workers.get(observerId);
		if (worker != null) {
			worker.refreshBlocked();
		}
	}

	@Override
	public synchronized void start() {
		if (this.keeper != null) {
			return;
		}
		Duration leaseDuration = this.settings.leaseDuration();
		ScheduledExecutorService pool = (this.userScheduler != null) ? this.userScheduler : newScheduler();
		growOwnPool(pool);
		LeaseKeeper started = new LeaseKeeper(this.leases, this.settings.instanceId(), leaseDuration,
				this.settings.pollInterval());
		for (ObserverWorker worker : this.workers.values()) {
			try {
				checkSegmentCount(worker);
			}
			catch (RuntimeException ex) {
				started.close();
				if (pool != this.userScheduler) {
					pool.shutdown();
				}
				throw ex;
			}
		}
		this.scheduler = pool;
		this.keeper = started;
		for (ObserverWorker worker : this.workers.values()) {
			worker.start(started, pool);
		}
	}

	@Override
	public synchronized void stop() {
		LeaseKeeper started = this.keeper;
		if (started == null) {
			return;
		}
		this.keeper = null;
		// All at once, so that the timeout bounds the whole stop rather than each observer's share.
		long deadline = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
		for (ObserverWorker worker : this.workers.values()) {
			worker.requestStop();
		}
		for (ObserverWorker worker : this.workers.values()) {
			worker.awaitStopped(deadline);
		}
		started.close();
		ScheduledExecutorService pool = this.scheduler;
		this.scheduler = null;
		if (pool != null && pool != this.userScheduler) {
			pool.shutdown();
		}
	}

	/** Stops without finishing, saving or releasing anything: a crash, as other instances see it. */
	synchronized void halt() {
		LeaseKeeper started = this.keeper;
		this.keeper = null;
		if (started != null) {
			started.abandon();
		}
		for (ObserverWorker worker : this.workers.values()) {
			worker.halt();
		}
		ScheduledExecutorService pool = this.scheduler;
		this.scheduler = null;
		if (pool != null && pool != this.userScheduler) {
			pool.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.keeper != null;
	}

	private void growOwnPool(ScheduledExecutorService pool) {
		// One thread per observer lane (up to 16), so a slow observer rarely delays another one's turn.
		// Segments share their observer's lanes: concurrency bounds the events handled at once here.
		if (pool != this.userScheduler && pool instanceof ScheduledThreadPoolExecutor own) {
			int lanes = this.workers.values().stream().mapToInt(ObserverWorker::lanes).sum();
			own.setCorePoolSize(Math.max(own.getCorePoolSize(), Math.min(lanes + 1, 16)));
		}
	}

	private static ScheduledExecutorService newScheduler() {
		AtomicInteger count = new AtomicInteger();
		ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "eventbus-durable-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		pool.setRemoveOnCancelPolicy(true);
		return pool;
	}

	private static void log(ObserverFailure failure) {
		logger.warn("Durable observer '" + failure.observerId() + "' failed on " + failure.event() + " (attempt "
				+ failure.attempt() + ")", failure.exception());
	}

	/** Collaborators and settings of a {@link DurableObservers}. */
	public static final class Builder {

		private final EventStore store;

		private @Nullable CheckpointStore checkpoints;

		private @Nullable LeaseStore leases;

		private @Nullable DeadLetterStore deadLetters;

		private @Nullable ObserverErrorHandler errorHandler;

		private @Nullable ScheduledExecutorService scheduler;

		private DurableSettings settings = DurableSettings.defaults();

		private Clock clock = Clock.systemUTC();

		private boolean durableByDefault;

		private Builder(EventStore store) {
			this.store = Objects.requireNonNull(store, "store");
		}

		/** Where checkpoints are kept; fenced by leases of {@link #leases(LeaseStore)}. */
		public Builder checkpoints(CheckpointStore checkpoints) {
			this.checkpoints = checkpoints;
			return this;
		}

		/** Where leases are kept; share one table between instances. */
		public Builder leases(LeaseStore leases) {
			this.leases = leases;
			return this;
		}

		/** Where dead letters are kept. */
		public Builder deadLetters(DeadLetterStore deadLetters) {
			this.deadLetters = deadLetters;
			return this;
		}

		/** Receives every failed attempt; by default failures are logged. */
		public Builder errorHandler(ObserverErrorHandler errorHandler) {
			this.errorHandler = errorHandler;
			return this;
		}

		/** Runs the workers; by default a daemon pool of its own, one thread per observer up to 16. */
		public Builder scheduler(ScheduledExecutorService scheduler) {
			this.scheduler = scheduler;
			return this;
		}

		public Builder settings(DurableSettings settings) {
			this.settings = Objects.requireNonNull(settings, "settings");
			return this;
		}

		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Whether observers that do not set {@link io.github.eventbus.EventObserver#durable()} are durable
		 * ({@code eventbus.observers.durable-by-default}); {@code false} by default.
		 */
		public Builder durableByDefault(boolean durableByDefault) {
			this.durableByDefault = durableByDefault;
			return this;
		}

		public DurableObservers build() {
			return new DurableObservers(this);
		}

	}

}
