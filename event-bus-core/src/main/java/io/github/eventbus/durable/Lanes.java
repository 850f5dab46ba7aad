package io.github.eventbus.durable;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.github.eventbus.Event;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.retry.RetryPolicy;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Sequencer}s of one observer: one for {@code concurrency = 1}, otherwise one per lane, each
 * owning the streams whose id hashes to it, so that a batch is handled by up to {@code concurrency}
 * threads while the events of one stream stay in order on one lane. An observer with an ordering key
 * ({@link io.github.eventbus.dispatch.ObserverDefinition#orderingKey()}) is split by the hash of that key
 * instead: a saga's events by saga instance. When the key of an event cannot be told while earlier events
 * are in flight, the lanes run what they were given, and the key is asked again. Failed events hold back
 * their stream, or their key when the observer has one ({@link Ownership#blockingKey}), whatever its
 * segments. An event whose key is still not known then may be for the instance of a failed event that was
 * to associate it: while any event is retried it stops the batch (it is read again once retries settle), and
 * behind a dead letter on its stream it is parked, to be replayed with it.
 * <p>
 * A batch waits for all its lanes, so the checkpoint never passes an event still being handled. Lane tasks go to the worker pool; the waiting thread runs any lane no
 * pool thread has started, so a saturated pool slows a batch down but never deadlocks it. Not
 * thread-safe otherwise: called by one worker turn at a time.
 */
final class Lanes {

	private final Sequencer[] lanes;

	private final @Nullable Function<Event<?>, @Nullable String> orderingKey;

	private final Ownership ownership;

	private final BlockingKeys keys;

	/** Whether a key asked again may be for a segment another instance runs ({@link Ownership#handles}). */
	private final boolean keysDecideSegments;

	/** Whether failures hold back the ordering key rather than the stream ({@link Ownership#blocksByKey}). */
	private final boolean blocksByKey;

	Lanes(int concurrency, @Nullable Function<Event<?>, @Nullable String> orderingKey, Delivery delivery,
			RetryPolicy retry, DeadLetterStore deadLetters, BlockingKeys keys, Clock clock, Ownership ownership) {
		int count = Math.max(1, concurrency);
		this.keys = keys;
		this.orderingKey = orderingKey;
		this.ownership = ownership;
		this.keysDecideSegments = orderingKey != null && ownership.segmentedByKey();
		this.blocksByKey = orderingKey != null && ownership.blocksByKey();
		this.lanes = new Sequencer[count];
		for (int i = 0; i < count; i++) {
			int lane = i;
			if (count == 1) {
				this.lanes[i] = new Sequencer(delivery, retry, deadLetters, keys, clock, ownership);
			}
			else if (orderingKey == null) {
				this.lanes[i] = new Sequencer(delivery, retry, deadLetters, keys, clock, ownership,
						(stream) -> laneOf(stream, count) == lane);
			}
			else {
				// A stream's (or key's) events may be on every lane: each lane knows every blocked one, lane 0 replays.
				this.lanes[i] = new Sequencer(delivery, retry, deadLetters, keys, clock, ownership,
						(stream) -> true, (stream) -> lane == 0);
			}
		}
	}

	static int laneOf(String streamId, int count) {
		return Math.floorMod(streamId.hashCode(), count);
	}

	int count() {
		return this.lanes.length;
	}

	void reloadBlocked() {
		BlockingKeys.Blocked blocked = this.keys.blocked();
		for (Sequencer lane : this.lanes) {
			lane.reloadBlocked(blocked.keys(), blocked.streams());
		}
	}

	void replayRequested() {
		boolean replayed = false;
		for (Sequencer lane : this.lanes) {
			replayed |= lane.replayRequested();
		}
		if (replayed && this.blocksByKey) {
			// Lane 0 replayed keys other lanes also hold events of, and the streams events whose key is not
			// known stop at changed: let every lane see what it unblocked.
			reloadBlocked();
		}
	}

	long retryDue() {
		long next = Long.MAX_VALUE;
		for (Sequencer lane : this.lanes) {
			next = Math.min(next, lane.retryDue());
		}
		return next;
	}

	int held() {
		int held = 0;
		for (Sequencer lane : this.lanes) {
			held += lane.held();
		}
		return held;
	}

	boolean isRetrying() {
		for (Sequencer lane : this.lanes) {
			if (lane.isRetrying()) {
				return true;
			}
		}
		return false;
	}

	long safeCheckpoint(long readUpTo, int segment) {
		long safe = readUpTo;
		for (Sequencer lane : this.lanes) {
			safe = Math.min(safe, lane.safeCheckpoint(readUpTo, segment));
		}
		return safe;
	}

	void forget(int segment) {
		for (Sequencer lane : this.lanes) {
			lane.forget(segment);
		}
	}

	/**
	 * Delivers a batch read in position order.
	 * @param stopped checked between events with a single lane, to stop early
	 * @return how many events of the batch, from its start, were delivered: fewer when stopped, or at an
	 * event whose key is not known while an event is retried (the caller reads it again later)
	 */
	int deliver(List<Event<?>> batch, BooleanSupplier stopped, Executor executor) {
		if (this.lanes.length == 1) {
			int delivered = 0;
			for (Event<?> event : batch) {
				if (stopped.getAsBoolean()) {
					break;
				}
				// One lane handles in order: the key asked now is asked after every event before it.
				String key = keyOf(event);
				if (key == null && !unknownGoesOn(event)) {
					break;
				}
				if (key != null || !parked(event)) {
					if (!this.keysDecideSegments || this.ownership.handles(event, key)) {
						this.lanes[0].deliver(event, (key != null) ? key : event.streamId());
					}
				}
				delivered++;
			}
			return delivered;
		}
		List<List<Event<?>>> perLane = new ArrayList<>(this.lanes.length);
		// Each event's blocking key, beside it: asked here, on the loop thread, not again on the lane's.
		List<List<String>> keysPerLane = new ArrayList<>(this.lanes.length);
		for (int i = 0; i < this.lanes.length; i++) {
			perLane.add(new ArrayList<>());
			keysPerLane.add(new ArrayList<>());
		}
		int pending = 0;
		for (int i = 0; i < batch.size(); i++) {
			Event<?> event = batch.get(i);
			String key = keyOf(event);
			if (key == null) {
				if (pending > 0) {
					run(perLane, keysPerLane, executor);
					pending = 0;
				}
				key = keyOf(event);
				if (key == null && !unknownGoesOn(event)) {
					return i;
				}
				if (key == null && parked(event)) {
					continue;
				}
			}
			// Even a key known at once may have been stored by another instance since the event was read.
			if (this.keysDecideSegments && !this.ownership.handles(event, key)) {
				continue;
			}
			if (key == null) {
				key = event.streamId();
			}
			int lane = laneOf(key, this.lanes.length);
			perLane.get(lane).add(event);
			keysPerLane.get(lane).add(key);
			pending++;
		}
		if (pending > 0) {
			run(perLane, keysPerLane, executor);
		}
		return batch.size();
	}

	/**
	 * Whether the batch goes on at an event whose key is still not known once every event before it is
	 * handled: not while an event is retried here, which may be the one to associate it.
	 */
	private boolean unknownGoesOn(Event<?> event) {
		return !this.blocksByKey || !isRetrying();
	}

	/**
	 * Parks an event whose key is not known behind the dead letter its stream's dead letters begin with, if
	 * any: that one may be the event that was to associate it; replaying it replays this one with its key
	 * known, discarding it releases this one.
	 * @return whether the event is parked, or is a dead letter already
	 */
	private boolean parked(Event<?> event) {
		if (!this.blocksByKey) {
			return false;
		}
		BlockingKeys.Held held = null;
		for (Sequencer lane : this.lanes) {
			BlockingKeys.Held known = lane.heldStream(event.streamId());
			if (known != null && (held == null || known.first() < held.first())) {
				held = known;
			}
		}
		if (held == null || event.position() < held.first()) {
			return false;
		}
		if (event.position() > held.first()) {
			this.lanes[0].park(event, held.behind());
		}
		return true;
	}

	private @Nullable String keyOf(Event<?> event) {
		return (this.orderingKey != null) ? this.orderingKey.apply(event) : event.streamId();
	}

	/** Runs the events given to each lane, in parallel, waits for all of them and clears the lists. */
	private void run(List<List<Event<?>>> perLane, List<List<String>> keysPerLane, Executor executor) {
		List<FutureTask<Void>> tasks = new ArrayList<>(this.lanes.length);
		for (int i = 0; i < this.lanes.length; i++) {
			Sequencer lane = this.lanes[i];
			List<Event<?>> events = perLane.get(i);
			if (!events.isEmpty()) {
				List<Event<?>> given = new ArrayList<>(events);
				List<String> keys = new ArrayList<>(keysPerLane.get(i));
				events.clear();
				keysPerLane.get(i).clear();
				tasks.add(new FutureTask<>(() -> {
					for (int e = 0; e < given.size(); e++) {
						lane.deliver(given.get(e), keys.get(e));
					}
				}, null));
			}
		}
		for (int i = 1; i < tasks.size(); i++) {
			try {
				executor.execute(tasks.get(i));
			}
			catch (RejectedExecutionException ex) {
				// run below, on this thread
			}
		}
		RuntimeException failure = null;
		for (FutureTask<Void> task : tasks) {
			task.run();
			try {
				task.get();
			}
			catch (ExecutionException ex) {
				if (failure == null) {
					failure = (ex.getCause() instanceof RuntimeException runtime) ? runtime
							: new IllegalStateException(ex.getCause());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the lanes of a batch", ex);
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

}
