package io.github.eventbus.dispatch;

import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.Event;
import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.ObserverFailure;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The runtime side of one observer: its mailboxes (one per lane), the lock that keeps sequential calls
 * one at a time, and the failure handling around each call.
 */
final class Subscriber {

	private static final Log logger = LogFactory.getLog(Subscriber.class);

	private final ObserverDefinition definition;

	private final DispatchMode mode;

	private final Mailbox[] lanes;

	private final ReentrantLock sequentialLock = new ReentrantLock();

	private final ObserverErrorHandler errorHandler;

	/** The chain of a call made from outside any observer, the common case: built once, not per call. */
	private final CallChain rootChain;

	Subscriber(ObserverDefinition definition, DispatchMode mode, Executor executor, int mailboxCapacity,
			ObserverErrorHandler errorHandler) {
		this.definition = definition;
		this.mode = mode;
		this.errorHandler = errorHandler;
		this.rootChain = CallChain.of(null, this);
		this.lanes = new Mailbox[definition.concurrency()];
		for (int i = 0; i < this.lanes.length; i++) {
			this.lanes[i] = new Mailbox(this, executor, mailboxCapacity);
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

	Mailbox[] lanes() {
		return this.lanes;
	}

	/**
	 * Runs one queued item on the current thread (a pool thread, or a publisher that claimed the mailbox).
	 * @param item a {@link Delivery}, or a bare {@link Event} published from outside any observer with
	 * nobody awaiting it
	 */
	void deliver(Object item) {
		DispatchContext context = DispatchContext.current();
		if (item instanceof Delivery delivery) {
			ObserverFailure failure = invokeIn(context, delivery.event(), delivery.chain());
			AwaitTracker tracker = delivery.tracker();
			if (tracker != null) {
				tracker.done(failure);
			}
		}
		else {
			invokeIn(context, (Event<?>) item, null);
		}
		runDeferred(context);
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

	/** Runs sequential deliveries that observers on this thread published, until none is left. */
	static void runDeferred(DispatchContext context) {
		Delivery deferred;
		while ((deferred = context.nextDeferred()) != null) {
			ObserverFailure failure = deferred.observer().invokeSequentially(context, deferred.event(), deferred.chain());
			AwaitTracker tracker = deferred.tracker();
			if (tracker != null) {
				tracker.done(failure);
			}
		}
	}

	private @Nullable ObserverFailure invokeIn(DispatchContext context, Event<?> event, @Nullable CallChain chain) {
		CallChain previousChain = context.chain;
		Event<?> previousEvent = context.event;
		context.chain = (chain != null) ? CallChain.of(chain, this) : this.rootChain;
		context.event = event;
		try {
			return invoke(event);
		}
		finally {
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
		Delivery delivery = (item instanceof Delivery queued) ? queued : null;
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
		int total = 0;
		for (Mailbox lane : this.lanes) {
			total += lane.size();
		}
		return total;
	}

	long droppedCount() {
		long total = 0;
		for (Mailbox lane : this.lanes) {
			total += lane.dropped();
		}
		return total;
	}

	boolean isIdle() {
		for (Mailbox lane : this.lanes) {
			if (!lane.isIdle()) {
				return false;
			}
		}
		return true;
	}

}
