package io.github.eventbus.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.Event;
import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.ObserverFailure;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The runtime side of one observer: its mailboxes (one per lane) and the room in them, the lock that
 * keeps sequential calls one at a time, and the failure handling around each call.
 */
final class Subscriber {

	private static final Log logger = LogFactory.getLog(Subscriber.class);

	private final ObserverDefinition definition;

	private final DispatchMode mode;

	private final Mailbox[] lanes;

	private final Admission admission;

	private final AtomicLong dropped = new AtomicLong();

	private final ReentrantLock sequentialLock = new ReentrantLock();

	private final ObserverErrorHandler errorHandler;

	/** The chain of a call made from outside any observer, the common case: built once, not per call. */
	private final CallChain rootChain;

	/**
	 * Below this average time per call an awaited observer is cheaper to run on a waiting publisher's
	 * thread than to hand to a pool thread: a hand-off and the wake-up of a parked thread cost 5-20 µs here.
	 */
	static final long INLINE_NANOS = 5_000;

	/** One call in this many is timed, on whichever thread runs it: a clock read costs 20-40 ns here. */
	private static final int SAMPLE_EVERY = 8;

	/** Moving average of the timed calls, in ns; {@code -1} until one was timed. Racy by design: a hint. */
	private volatile long costNanos = -1;

	private int calls;

	/** Only awaited observers are ever run inline, so only theirs are timed. */
	private final boolean timed;

	Subscriber(ObserverDefinition definition, DispatchMode mode, Executor executor, int mailboxCapacity,
			ObserverErrorHandler errorHandler) {
		this.definition = definition;
		this.mode = mode;
		this.errorHandler = errorHandler;
		this.rootChain = CallChain.of(null, this);
		this.timed = (mode == DispatchMode.CONCURRENT_AWAIT);
		this.admission = new Admission(mailboxCapacity);
		// A mailbox cannot wait for earlier events before telling an ordering key (a saga instance): one lane.
		this.lanes = new Mailbox[(definition.orderingKey() != null) ? 1 : definition.concurrency()];
		for (int i = 0; i < this.lanes.length; i++) {
			this.lanes[i] = new Mailbox(this, executor, this.admission);
		}
	}

	String id() {
		return this.definition.id();
	}

	ObserverDefinition definition() {
		return this.definition;
	}

	DispatchMode mode() {
		return this.mode;
	}

	boolean accepts(Class<?> payloadType) {
		return this.definition.payloadType().isAssignableFrom(payloadType);
	}

	/** The mailbox for the event's stream: events of one stream always go to one lane. */
	Mailbox laneFor(Event<?> event) {
		Mailbox[] lanes = this.lanes;
		return (lanes.length == 1) ? lanes[0] : lanes[Math.floorMod(event.streamId().hashCode(), lanes.length)];
	}

	Admission admission() {
		return this.admission;
	}

	/**
	 * Queues a delivery whose room is taken already, then, for {@link Overflow#DROP_OLDEST}, drops the
	 * oldest deliveries while more are queued than the capacity.
	 */
	void offer(Event<?> event, Object item, Overflow overflow) {
		laneFor(event).offer(item);
		if (overflow == Overflow.DROP_OLDEST) {
			while (this.admission.isOverfull() && dropOldest()) {
				// one dropped per round
			}
		}
	}

	private boolean dropOldest() {
		for (Mailbox lane : this.lanes) {
			Object oldest = lane.pollOldest();
			if (oldest != null) {
				this.admission.taken();
				dropped(oldest, this.dropped.incrementAndGet());
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether this observer is measured to take less than {@link #INLINE_NANOS} per call, so that a waiting
	 * publisher may run it itself. An observer never timed yet is not: its first calls go to the pool.
	 */
	boolean runsInline() {
		long cost = this.costNanos;
		return cost >= 0 && cost < INLINE_NANOS;
	}

	/**
	 * Runs a delivery on the publisher's thread, which has claimed the (empty) mailbox of the event's lane,
	 * and then sequential work the observer deferred, as a drain would.
	 */
	@Nullable ObserverFailure runInline(DispatchContext context, Event<?> event) {
		ObserverFailure failure = invokeIn(context, event, null);
		runDeferredWithoutBlocking(context);
		return failure;
	}

	/**
	 * Runs one queued item on the current (pool) thread.
	 * @param item a {@link TrackedEvent}, or a bare {@link Event} published from outside any observer with
	 * nobody awaiting it
	 */
	void deliver(Object item) {
		DispatchContext context = DispatchContext.current();
		if (item instanceof TrackedEvent delivery) {
			// A sequential observer's mailbox holds only deliveries handed off by runDeferred: still one
			// call at a time with those made on publishers' threads.
			ObserverFailure failure = (this.mode == DispatchMode.SEQUENTIAL)
					? invokeSequentially(context, delivery.event(), delivery.chain())
					: invokeIn(context, delivery.event(), delivery.chain());
			AwaitTracker tracker = delivery.tracker();
			if (tracker != null) {
				tracker.done(failure);
			}
		}
		else {
			invokeIn(context, (Event<?>) item, null);
		}
		if (!context.inObserver()) {
			// Inside another observer's call (a drain run by a helping publisher) the outer level runs them.
			runDeferredWithoutBlocking(context);
		}
	}

	/** Runs the observer on the caller's thread, one call at a time across threads. */
	@Nullable ObserverFailure invokeSequentially(DispatchContext context, Event<?> event, @Nullable CallChain chain) {
		this.sequentialLock.lock();
		try {
			return invokeIn(context, event, chain);
		}
		finally {
			this.sequentialLock.unlock();
		}
	}

	/**
	 * Runs sequential deliveries that observers on this thread published, until none is left, waiting for
	 * each observer's lock. Only for a publisher's own thread outside any observer: nobody waits for it.
	 */
	static void runDeferred(DispatchContext context) {
		TrackedEvent deferred;
		while ((deferred = context.nextDeferred()) != null) {
			ObserverFailure failure = deferred.observer().invokeSequentially(context, deferred.event(), deferred.chain());
			AwaitTracker tracker = deferred.tracker();
			if (tracker != null) {
				tracker.done(failure);
			}
		}
	}

	/**
	 * Runs sequential deliveries that an observer published on this drain thread. An observer whose lock is
	 * taken, or that still has deliveries queued, gets the delivery in its mailbox instead: blocking here
	 * would stall this drain behind a call that may itself wait for this observer.
	 */
	private static void runDeferredWithoutBlocking(DispatchContext context) {
		List<Subscriber> handedOff = null;
		TrackedEvent deferred;
		while ((deferred = context.nextDeferred()) != null) {
			Subscriber target = deferred.observer();
			boolean keepOrder = handedOff != null && handedOff.contains(target);
			if (!keepOrder && target.tryRunNow(context, deferred)) {
				continue;
			}
			if (handedOff == null) {
				handedOff = new ArrayList<>(2);
			}
			if (!keepOrder) {
				handedOff.add(target);
			}
			target.admission.force(1);
			target.laneFor(deferred.event()).offer(deferred);
		}
	}

	private boolean tryRunNow(DispatchContext context, TrackedEvent delivery) {
		if (this.sequentialLock.isHeldByCurrentThread() || !isIdle() || !this.sequentialLock.tryLock()) {
			return false;
		}
		ObserverFailure failure;
		try {
			failure = invokeIn(context, delivery.event(), delivery.chain());
		}
		finally {
			this.sequentialLock.unlock();
		}
		AwaitTracker tracker = delivery.tracker();
		if (tracker != null) {
			tracker.done(failure);
		}
		return true;
	}

	private @Nullable ObserverFailure invokeIn(DispatchContext context, Event<?> event, @Nullable CallChain chain) {
		CallChain previousChain = context.chain;
		Event<?> previousEvent = context.event;
		context.chain = (chain != null) ? CallChain.of(chain, this) : this.rootChain;
		context.event = event;
		boolean timed = this.timed && (this.calls++ & (SAMPLE_EVERY - 1)) == 0;
		long start = timed ? System.nanoTime() : 0;
		try {
			return invoke(event);
		}
		finally {
			if (timed) {
				long took = System.nanoTime() - start;
				long cost = this.costNanos;
				this.costNanos = (cost < 0) ? took : cost + (took - cost) / 8;
			}
			context.chain = previousChain;
			context.event = previousEvent;
		}
	}

	private @Nullable ObserverFailure invoke(Event<?> event) {
		Object argument = this.definition.wantsEnvelope() ? event : event.payload();
		try {
			this.definition.invoker().invokeExact(argument);
			return null;
		}
		catch (Throwable ex) {
			// Errors too: rethrowing would kill the drain task and leave the mailbox stuck.
			ObserverFailure failure = new ObserverFailure(id(), event, ex, 1);
			report(failure);
			return failure;
		}
	}

	private void report(ObserverFailure failure) {
		try {
			this.errorHandler.handle(failure);
		}
		catch (RuntimeException ex) {
			logger.error("ObserverErrorHandler failed while handling a failure of observer '" + id() + "'", ex);
		}
	}

	void dropped(Object item, long droppedSoFar) {
		TrackedEvent delivery = (item instanceof TrackedEvent queued) ? queued : null;
		if (Long.bitCount(droppedSoFar) == 1) {
			Event<?> event = (delivery != null) ? delivery.event() : (Event<?>) item;
			logger.warn("Mailbox of observer '" + id() + "' is full: dropped the oldest event " + event + " ("
					+ droppedSoFar + " dropped so far)");
		}
		if (delivery != null && delivery.tracker() != null) {
			delivery.tracker().done(null);
		}
	}

	int queued() {
		return this.admission.size();
	}

	long droppedCount() {
		return this.dropped.get();
	}

	boolean isIdle() {
		if (this.admission.size() != 0) {
			return false;
		}
		for (Mailbox lane : this.lanes) {
			if (!lane.isIdle()) {
				return false;
			}
		}
		return true;
	}

}
