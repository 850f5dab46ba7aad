package io.github.eventbus.durable;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;

import io.github.eventbus.lease.Lease;
import io.github.eventbus.lease.LeaseKeeper;
import io.github.eventbus.lease.LeaseStore;

/**
 * Decides which segments of one observer this instance competes for, so that instances share them fairly.
 * <p>
 * Every instance running a segmented observer keeps a member lease ({@link Segments#member}); one read of
 * the observer's live leases shows the members and who holds which segment. Members sorted by id, the
 * {@code i}-th one's share of {@code N} segments among {@code M} members is {@code N / M}, plus one for
 * {@code i < N % M}. Below its share an instance competes for free segments (starting at an offset of its
 * own, so members rarely race for one); above it, it hands the surplus over after the current batch. A
 * dead member's leases expire, so the others' shares grow and they take its segments; a new member makes
 * the others' shares shrink. While a reset lease ({@link Segments#reset}) is live every share is 0.
 * <p>
 * With one segment there are no members: every instance competes, as before segments existed, and only
 * resets are looked for. Not thread-safe: used by the worker loop.
 */
final class SegmentClaims {

	private final String observerId;

	private final String[] names;

	private final String instanceId;

	private final String member;

	private final LeaseStore leases;

	private final long intervalMillis;

	private long reviewedAt = Long.MIN_VALUE;

	private volatile boolean pausedHere;

	private boolean paused;

	SegmentClaims(String observerId, String[] names, String instanceId, LeaseStore leases, long intervalMillis) {
		this.observerId = observerId;
		this.names = names;
		this.instanceId = instanceId;
		this.member = Segments.member(observerId, instanceId);
		this.leases = leases;
		this.intervalMillis = intervalMillis;
	}

	/** Starts keeping the member lease; segments are wanted once the first review says so. */
	void start(LeaseKeeper keeper) {
		if (this.names.length > 1) {
			keeper.keep(this.member, () -> {
			});
		}
		this.reviewedAt = Long.MIN_VALUE;
	}

	/** Pauses the observer on this instance at the next turn, before the reset lease is visible. */
	void pauseHere(boolean paused) {
		this.pausedHere = paused;
		this.reviewedAt = Long.MIN_VALUE;
	}

	boolean isPaused() {
		return this.paused || this.pausedHere;
	}

	/**
	 * Reviews the claims when due: tells the keeper which segments to compete for.
	 * @param held which segments this instance holds now
	 * @return the held segments to hand over (empty when none or not due)
	 */
	BitSet review(LeaseKeeper keeper, long nowMillis, BitSet held) {
		if (nowMillis - this.reviewedAt < this.intervalMillis && this.reviewedAt != Long.MIN_VALUE) {
			return new BitSet();
		}
		this.reviewedAt = nowMillis;
		String reset = Segments.reset(this.observerId);
		if (this.names.length == 1) {
			this.paused = !this.leases.findLive(List.of(reset)).isEmpty();
			boolean pause = isPaused();
			keeper.want(this.names[0], !pause);
			return pause ? (BitSet) held.clone() : new BitSet();
		}
		List<Lease> live = this.leases.findLiveByPrefix(Segments.prefix(this.observerId));
		TreeSet<String> members = new TreeSet<>();
		members.add(this.instanceId);
		BitSet taken = new BitSet();
		boolean resetLive = false;
		String memberPrefix = Segments.member(this.observerId, "");
		for (Lease lease : live) {
			if (lease.name().startsWith(memberPrefix)) {
				members.add(lease.name().substring(memberPrefix.length()));
			}
			else if (lease.name().equals(reset)) {
				resetLive = true;
			}
			else {
				int segment = indexOf(lease.name());
				if (segment >= 0) {
					taken.set(segment);
				}
			}
		}
		this.paused = resetLive;
		int count = this.names.length;
		int index = new ArrayList<>(members).indexOf(this.instanceId);
		int share = isPaused() ? 0 : count / members.size() + ((index < count % members.size()) ? 1 : 0);
		BitSet release = new BitSet();
		int surplus = held.cardinality() - share;
		for (int segment = held.length() - 1; segment >= 0 && surplus > 0; segment--) {
			if (held.get(segment)) {
				release.set(segment);
				surplus--;
			}
		}
		int wanted = Math.max(0, share - held.cardinality());
		int start = (members.size() > 0) ? (int) ((long) index * count / members.size()) : 0;
		for (int i = 0; i < count; i++) {
			int segment = (start + i) % count;
			boolean want = held.get(segment) && !release.get(segment);
			if (!held.get(segment) && !taken.get(segment) && wanted > 0) {
				want = true;
				wanted--;
			}
			keeper.want(this.names[segment], want);
		}
		return release;
	}

	private int indexOf(String name) {
		for (int i = 0; i < this.names.length; i++) {
			if (this.names[i].equals(name)) {
				return i;
			}
		}
		return -1;
	}

}
