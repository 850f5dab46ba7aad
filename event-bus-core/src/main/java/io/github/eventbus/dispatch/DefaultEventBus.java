package io.github.eventbus.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.Event;
import io.github.eventbus.EventBus;
import io.github.eventbus.EventBusException;
import io.github.eventbus.EventMetadata;
import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.ObserverFailure;
import io.github.eventbus.PublishResult;
import io.github.eventbus.store.EventStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@link EventBus}: appends to an {@link EventStore}, then routes each event by payload type to the
 * registered observers, each through its own mailbox on the given executor.
 * <p>
 * Thread-safe. Observers are registered at startup with {@link #register(ObserverDefinition)}; the
 * routing table is rebuilt then and never on the publish path.
 */
public class DefaultEventBus implements EventBus, ObserverRegistry {

	private static final Log logger = LogFactory.getLog(DefaultEventBus.class);

	private final EventStore store;

	private final Executor executor;

	private final DispatchSettings settings;

	private final ObserverErrorHandler errorHandler;

	private volatile Routes routes = new Routes(List.of());

	private final List<DispatchExtension> extensions = new CopyOnWriteArrayList<>();

	private final WaitsFor waits = new WaitsFor();

	private final Admissions admissions;

	private volatile boolean accepting = true;

	/**
	 * Creates a bus.
	 * @param store where events are appended before dispatch
	 * @param executor runs the observers' mailboxes
	 * @param settings dispatch settings
	 * @param errorHandler receives every observer failure
	 */
	public DefaultEventBus(EventStore store, Executor executor, DispatchSettings settings,
			ObserverErrorHandler errorHandler) {
		this.store = Objects.requireNonNull(store, "store");
		this.executor = Objects.requireNonNull(executor, "executor");
		this.settings = Objects.requireNonNull(settings, "settings");
		this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
		this.admissions = new Admissions(settings, this.waits);
	}

	/**
	 * Registers an observer: offered to the extensions first, it gets a mailbox of this bus only if none
	 * of them takes it.
	 * @param definition the observer
	 * @throws IllegalStateException if an observer with the same id is registered already
	 */
	@Override
	public synchronized void register(ObserverDefinition definition) {
		for (DispatchExtension extension : this.extensions) {
			if (extension.register(definition)) {
				return;
			}
		}
		for (Subscriber existing : this.routes.subscribers()) {
			if (existing.id().equals(definition.id())) {
				throw new IllegalStateException("Two @EventObserver methods have the id '" + definition.id() + "': "
						+ existing.definition().describe() + " and " + definition.describe()
						+ "; give one of them another id()");
			}
		}
		DispatchMode mode = Routes.modeOf(definition, this.settings.defaultMode());
		Subscriber subscriber = new Subscriber(definition, mode, this.executor, this.settings.mailboxCapacity(),
				this.errorHandler);
		this.routes = this.routes.with(subscriber);
	}

	@Override
	public void addExtension(DispatchExtension extension) {
		this.extensions.add(Objects.requireNonNull(extension, "extension"));
	}

	@Override
	public PublishResult publish(Object payload) {
		Objects.requireNonNull(payload, "payload");
		return publishOne(StreamIds.of(payload), payload);
	}

	@Override
	public PublishResult publish(String streamId, Object payload) {
		Objects.requireNonNull(streamId, "streamId");
		Objects.requireNonNull(payload, "payload");
		return publishOne(streamId, payload);
	}

	@Override
	public PublishResult publishAll(String streamId, long expectedVersion, List<?> payloads) {
		Objects.requireNonNull(streamId, "streamId");
		Objects.requireNonNull(payloads, "payloads");
		DispatchContext context = DispatchContext.current();
		checkAccepting(context);
		Demand demand = Demand.of(this.routes, payloads);
		if (joinsTransaction()) {
			this.admissions.check(demand.targets(), demand.counts(), context.chain);
			List<Event<?>> events = this.store.append(streamId, expectedVersion, payloads, metadataFor(context));
			dispatchAfterCommit(events);
			return Results.pending(events);
		}
		this.admissions.take(demand.targets(), demand.counts(), context.chain);
		List<Event<?>> events;
		try {
			events = this.store.append(streamId, expectedVersion, payloads, metadataFor(context));
		}
		catch (RuntimeException | Error ex) {
			this.admissions.giveBack(demand.targets(), demand.counts(), demand.targets().length);
			throw ex;
		}
		notifyExtensions(events);
		List<ObserverFailure> failures = new ArrayList<>(0);
		for (Event<?> event : events) {
			failures.addAll(dispatch(event, this.routes.forType(event.payload().getClass()), context, true));
		}
		return Results.dispatched(events, failures);
	}

	/**
	 * Room in the mailboxes is taken before the append, so that a full one refuses the event before it is
	 * stored; inside a transaction the policy is only checked, and the deliveries are queued at commit.
	 */
	private PublishResult publishOne(@Nullable String streamId, Object payload) {
		DispatchContext context = DispatchContext.current();
		checkAccepting(context);
		Routes.Route route = this.routes.forType(payload.getClass());
		if (joinsTransaction()) {
			this.admissions.check(route.mailboxes(), null, context.chain);
			List<Event<?>> events = List.of(this.store.appendOne(streamId, payload, metadataFor(context)));
			dispatchAfterCommit(events);
			return Results.pending(events);
		}
		this.admissions.take(route.mailboxes(), null, context.chain);
		Event<?> event;
		try {
			event = this.store.appendOne(streamId, payload, metadataFor(context));
		}
		catch (RuntimeException | Error ex) {
			this.admissions.giveBack(route.mailboxes(), null, route.mailboxes().length);
			throw ex;
		}
		if (!this.extensions.isEmpty()) {
			notifyExtensions(List.of(event));
		}
		return Results.dispatched(event, dispatch(event, route, context, true));
	}

	/**
	 * Whether the append about to be made joins a transaction that commits later. Keyed on the store
	 * having joined it, not on any transaction being open: an event the store writes at once (the memory
	 * store, or a transaction on another {@code DataSource}) is dispatched at once, or a rollback of the
	 * unrelated transaction would leave it stored and never dispatched.
	 */
	private boolean joinsTransaction() {
		return TransactionSynchronizationManager.isSynchronizationActive() && this.store.joinsCurrentTransaction();
	}

	private void checkAccepting(DispatchContext context) {
		// Observers still draining at shutdown may publish follow-up events.
		if (!this.accepting && !context.inObserver()) {
			throw new EventBusException("The event bus is shut down and accepts no more events");
		}
	}

	private static EventMetadata metadataFor(DispatchContext context) {
		Event<?> cause = context.event;
		return (cause != null) ? EventMetadata.causedBy(cause) : EventMetadata.empty();
	}

	private void dispatchAfterCommit(List<Event<?>> events) {
		TransactionSynchronizationManager.registerSynchronization(new AfterCommitDispatch(this, events));
	}

	/**
	 * Dispatches events of a committed transaction. Their room in the mailboxes is taken now whether or
	 * not there is any: they are stored, so refusing them would lose them. Never throws, so that one
	 * failure never skips the rest of a commit's events.
	 */
	void dispatchCommitted(List<Event<?>> events) {
		notifyExtensions(events);
		DispatchContext context = DispatchContext.current();
		for (Event<?> event : events) {
			try {
				dispatch(event, this.routes.forType(event.payload().getClass()), context, false);
			}
			catch (RuntimeException | Error ex) {
				logger.error("Dispatch of committed event " + event + " failed", ex);
			}
		}
	}

	private void notifyExtensions(List<Event<?>> events) {
		for (DispatchExtension extension : this.extensions) {
			try {
				extension.appended(events);
			}
			catch (RuntimeException ex) {
				logger.error("Dispatch extension " + extension + " failed on appended events", ex);
			}
		}
	}

	/**
	 * Dispatches one stored event to its observers.
	 * @param reserved whether room in the mailboxes was taken for it already
	 * @return the failures of the observers that were awaited
	 */
	private List<ObserverFailure> dispatch(Event<?> event, Routes.Route route, DispatchContext context,
			boolean reserved) {
		if (route.isEmpty()) {
			return List.of();
		}
		CallChain chain = context.chain;
		Subscriber[] awaited = route.awaited();
		if (awaited.length > 0 && chain == null && mayRunObservers()) {
			return dispatchHelping(event, route, context, reserved);
		}
		Subscriber waiter = CallChain.head(chain);
		// Inside an observer, never wait for an observer that (indirectly) waits for this one.
		Subscriber[] waitFor = (waiter != null && awaited.length > 0) ? this.waits.claim(waiter, awaited, chain)
				: awaited;
		try {
			AwaitTracker tracker = null;
			if (awaited.length > 0) {
				tracker = (waitFor.length > 0) ? new AwaitTracker(waitFor.length) : null;
				enqueueAwaited(awaited, waitFor, event, chain, tracker, reserved);
			}
			enqueueFireAndForget(route, event, chain, reserved);
			List<ObserverFailure> failures = runSequential(route.sequential(), event, context);
			if (tracker != null) {
				tracker.await();
				List<ObserverFailure> awaitedFailures = tracker.failures();
				if (!awaitedFailures.isEmpty()) {
					failures = concat(failures, awaitedFailures);
				}
			}
			return failures;
		}
		finally {
			if (waiter != null && waitFor.length > 0) {
				this.waits.release(waiter, waitFor);
			}
		}
	}

	/**
	 * Whether a publisher outside any observer may run awaited observers on its own thread while it waits
	 * for them: only with no transaction and no transactional resource on the thread, so that no observer
	 * ever runs inside (or sees) the publisher's transaction.
	 */
	private static boolean mayRunObservers() {
		return !TransactionSynchronizationManager.isSynchronizationActive()
				&& !TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.getResourceMap().isEmpty();
	}

	/**
	 * Concurrent-await from outside any observer and transaction: the publisher works instead of only
	 * waiting. Observers measured slow (or not measured yet) are handed to the pool first, so they run in
	 * parallel and nothing the publisher does delays them; then the publisher runs the cheap ones itself
	 * when their mailbox is idle (a hand-off and a wake-up would cost more than the call), and finally takes
	 * over the drains of handed-off observers that no pool thread has started yet. The publisher never
	 * re-enters an observer: it only runs one whose mailbox it owns, and it is in no observer itself.
	 */
	private List<ObserverFailure> dispatchHelping(Event<?> event, Routes.Route route, DispatchContext context,
			boolean reserved) {
		Subscriber[] awaited = route.awaited();
		// Decided once per publish: the measured cost moves while observers run.
		long inline = 0;
		AwaitTracker tracker = null;
		for (int i = 0; i < awaited.length; i++) {
			Subscriber subscriber = awaited[i];
			if (i < Long.SIZE && subscriber.runsInline()) {
				inline |= 1L << i;
			}
			else {
				tracker = (tracker != null) ? tracker : new AwaitTracker(0);
				handOff(subscriber, event, tracker, reserved);
			}
		}
		boolean handedOff = tracker != null;
		enqueueFireAndForget(route, event, null, reserved);
		List<ObserverFailure> failures = List.of();
		for (int i = 0; i < awaited.length && inline != 0; i++) {
			if ((inline & (1L << i)) == 0) {
				continue;
			}
			Subscriber subscriber = awaited[i];
			Mailbox lane = subscriber.laneFor(event);
			if (!lane.tryClaim()) {
				// Busy: its drain, on whichever thread, runs this delivery too.
				tracker = (tracker != null) ? tracker : new AwaitTracker(0);
				handOff(subscriber, event, tracker, reserved);
				continue;
			}
			try {
				if (lane.isEmpty()) {
					if (reserved) {
						subscriber.admission().taken();
					}
					ObserverFailure failure = subscriber.runInline(context, event);
					if (failure != null) {
						failures = concat(failures, List.of(failure));
					}
				}
				else {
					// Deliveries queued before this one go first: one observer's events stay in order.
					tracker = (tracker != null) ? tracker : new AwaitTracker(0);
					tracker.expect();
					if (!reserved) {
						subscriber.admission().force(1);
					}
					lane.offerClaimed(new TrackedEvent(subscriber, event, tracker, null));
				}
			}
			finally {
				lane.drainClaimed();
			}
		}
		failures = concat(failures, runSequential(route.sequential(), event, context));
		if (tracker == null) {
			return failures;
		}
		if (handedOff) {
			for (int i = 0; i < awaited.length; i++) {
				if (i >= Long.SIZE || (inline & (1L << i)) == 0) {
					Mailbox lane = awaited[i].laneFor(event);
					if (lane.tryTakeOverSubmitted()) {
						lane.drainClaimed();
					}
				}
			}
		}
		tracker.await();
		List<ObserverFailure> awaitedFailures = tracker.failures();
		return concat(failures, awaitedFailures);
	}

	private void handOff(Subscriber subscriber, Event<?> event, AwaitTracker tracker, boolean reserved) {
		tracker.expect();
		enqueue(subscriber, event, new TrackedEvent(subscriber, event, tracker, null), reserved);
	}

	private void enqueueFireAndForget(Routes.Route route, Event<?> event, @Nullable CallChain chain,
			boolean reserved) {
		for (Subscriber subscriber : route.fireAndForget()) {
			// From outside any observer the bare event is all a delivery needs: one object less per observer.
			Object item = (chain != null) ? new TrackedEvent(subscriber, event, null, chain) : event;
			enqueue(subscriber, event, item, reserved);
		}
	}

	private static boolean contains(Subscriber[] subscribers, Subscriber subscriber) {
		for (Subscriber candidate : subscribers) {
			if (candidate == subscriber) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Queues the event for every awaited observer; the publisher's tracker goes only to those in
	 * {@code waitFor} (outside an observer: all of them). Observers run on the executor even in this mode,
	 * never on the publisher's thread: they get the pool's thread context, not the caller's.
	 */
	private void enqueueAwaited(Subscriber[] awaited, Subscriber[] waitFor, Event<?> event, @Nullable CallChain chain,
			@Nullable AwaitTracker tracker, boolean reserved) {
		for (Subscriber subscriber : awaited) {
			boolean waited = (waitFor == awaited) || contains(waitFor, subscriber);
			enqueue(subscriber, event, new TrackedEvent(subscriber, event, waited ? tracker : null, chain), reserved);
		}
	}

	private void enqueue(Subscriber subscriber, Event<?> event, Object item, boolean reserved) {
		if (!reserved) {
			subscriber.admission().force(1);
		}
		subscriber.offer(event, item, this.settings.overflow());
	}

	private List<ObserverFailure> runSequential(Subscriber[] sequential, Event<?> event, DispatchContext context) {
		if (sequential.length == 0) {
			return List.of();
		}
		if (context.inObserver()) {
			// Nested publish: run after the current observer returns, so no observer is re-entered.
			for (Subscriber subscriber : sequential) {
				context.defer(new TrackedEvent(subscriber, event, null, context.chain));
			}
			return List.of();
		}
		List<ObserverFailure> failures = List.of();
		for (Subscriber subscriber : sequential) {
			ObserverFailure failure = subscriber.invokeSequentially(context, event, null);
			Subscriber.runDeferred(context);
			if (failure != null) {
				failures = concat(failures, List.of(failure));
			}
		}
		return failures;
	}

	private static List<ObserverFailure> concat(List<ObserverFailure> first, List<ObserverFailure> second) {
		if (first.isEmpty()) {
			return second;
		}
		if (second.isEmpty()) {
			return first;
		}
		List<ObserverFailure> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	@Override
	public boolean awaitIdle(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		long park = 10_000;
		while (!isIdle()) {
			if (System.nanoTime() - deadline >= 0) {
				return false;
			}
			LockSupport.parkNanos(park);
			park = Math.min(park * 2, 5_000_000);
		}
		return true;
	}

	private boolean isIdle() {
		for (Subscriber subscriber : this.routes.subscribers()) {
			if (!subscriber.isIdle()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Stops accepting events from outside observers, then waits for queued work to finish.
	 * @param timeout how long to wait for the mailboxes to drain
	 * @return {@code true} if everything queued was handled
	 */
	public boolean shutdown(Duration timeout) {
		this.accepting = false;
		boolean drained = awaitIdle(timeout);
		if (!drained) {
			for (Subscriber subscriber : this.routes.subscribers()) {
				if (!subscriber.isIdle()) {
					logger.warn("Event bus shut down before observer '" + subscriber.id() + "' finished: "
							+ subscriber.queued() + " event(s) still queued");
				}
			}
		}
		return drained;
	}

	/** Whether the bus accepts events from publishers. */
	@Override
	public boolean isAccepting() {
		return this.accepting;
	}

	/** The store this bus appends to. */
	public EventStore store() {
		return this.store;
	}

	@Override
	public List<ObserverSnapshot> observers() {
		List<ObserverSnapshot> snapshots = new ArrayList<>();
		for (Subscriber subscriber : this.routes.subscribers()) {
			ObserverDefinition definition = subscriber.definition();
			snapshots.add(new ObserverSnapshot(definition.id(), definition.beanName(), definition.describe(),
					definition.payloadType().getName(), subscriber.mode(), definition.concurrency(), subscriber.queued(),
					subscriber.droppedCount()));
		}
		return snapshots;
	}

	/** The ids of every registered observer. */
	public Set<String> observerIds() {
		Set<String> ids = new HashSet<>();
		for (Subscriber subscriber : this.routes.subscribers()) {
			ids.add(subscriber.id());
		}
		return ids;
	}

}
