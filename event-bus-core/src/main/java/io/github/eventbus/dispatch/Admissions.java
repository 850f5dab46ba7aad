package io.github.eventbus.dispatch;

import java.time.Duration;

import io.github.eventbus.MailboxFullException;
import org.jspecify.annotations.Nullable;

/**
 * Takes room in the mailboxes a publish will go to, before the events are stored, applying
 * {@code eventbus.dispatch.overflow}: either there is room in every one of them, or the publish fails
 * with {@link MailboxFullException} and nothing is stored nor dispatched.
 * <p>
 * Room is never waited for where waiting would deadlock: a re-entrant publish to an observer busy up the
 * call chain, and a publish from an observer into the full mailbox of an observer that (transitively)
 * waits for it, are admitted over the capacity instead (see {@link WaitsFor}).
 */
final class Admissions {

	private final DispatchSettings settings;

	private final WaitsFor waits;

	Admissions(DispatchSettings settings, WaitsFor waits) {
		this.settings = settings;
		this.waits = waits;
	}

	/**
	 * Takes room for {@code counts[i]} deliveries ({@code 1} each when {@code counts} is {@code null}) in
	 * each target's mailbox.
	 * @throws MailboxFullException when one has no room; then nothing is taken
	 */
	void take(Subscriber[] targets, int @Nullable [] counts, @Nullable CallChain chain) {
		for (int i = 0; i < targets.length; i++) {
			try {
				take(targets[i], (counts != null) ? counts[i] : 1, chain);
			}
			catch (RuntimeException ex) {
				giveBack(targets, counts, i);
				throw ex;
			}
		}
	}

	/** Gives back the room {@link #take} took in the first {@code taken} targets. */
	void giveBack(Subscriber[] targets, int @Nullable [] counts, int taken) {
		for (int i = 0; i < taken; i++) {
			targets[i].admission().giveBack((counts != null) ? counts[i] : 1);
		}
	}

	/**
	 * Applies the overflow policy without keeping the room: for a publish inside a transaction, whose
	 * deliveries are queued at commit, when the room is taken whether or not there is any.
	 */
	void check(Subscriber[] targets, int @Nullable [] counts, @Nullable CallChain chain) {
		take(targets, counts, chain);
		giveBack(targets, counts, targets.length);
	}

	private void take(Subscriber target, int count, @Nullable CallChain chain) {
		Admission admission = target.admission();
		if (CallChain.contains(chain, target)) {
			// It is busy further up this call chain: waiting for room would wait for itself.
			admission.force(count);
			return;
		}
		if (admission.tryTake(count)) {
			return;
		}
		switch (this.settings.overflow()) {
			case FAIL -> throw new MailboxFullException(target.id(), admission.capacity(), Duration.ZERO);
			case DROP_OLDEST -> admission.force(count);
			case BLOCK -> awaitRoom(target, count, chain);
		}
	}

	private void awaitRoom(Subscriber target, int count, @Nullable CallChain chain) {
		Subscriber waiter = CallChain.head(chain);
		Subscriber[] claim = null;
		if (waiter != null) {
			claim = this.waits.claimRoom(waiter, target);
			if (claim == null) {
				// The target waits, directly or not, for the observer publishing here.
				target.admission().force(count);
				return;
			}
		}
		try {
			Duration timeout = this.settings.publishTimeout();
			if (!target.admission().awaitRoom(count, System.nanoTime() + timeout.toNanos())) {
				throw new MailboxFullException(target.id(), target.admission().capacity(), timeout);
			}
		}
		finally {
			if (claim != null) {
				this.waits.release(waiter, claim);
			}
		}
	}

}
