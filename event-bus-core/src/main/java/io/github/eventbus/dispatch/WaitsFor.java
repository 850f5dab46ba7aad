package io.github.eventbus.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which observers are blocked in a publish made from inside them, and which observers they wait for:
 * those a concurrent-await publish awaits, and the one whose full mailbox an {@link Overflow#BLOCK}
 * publish waits to get room in. Two observers of one event that each publish a follow-up the other
 * observes would otherwise wait for each other forever: neither mailbox moves on until its observer
 * returns. An observer never waits for one that already (transitively) waits for it: it still queues the
 * event for it, over the capacity if need be.
 * <p>
 * Only publishes made from inside an observer come here, never a publisher's top-level call, so the
 * lock is off the common path.
 */
final class WaitsFor {

	private final Map<Subscriber, List<Subscriber[]>> edges = new HashMap<>();

	/**
	 * Chooses which of {@code awaited} the observer {@code waiter} may wait for, and records that it does.
	 * Leaves out observers busy up the call chain and those whose wait would close a cycle.
	 * @return the observers to wait for; pass the same array to {@link #release}
	 */
	synchronized Subscriber[] claim(Subscriber waiter, Subscriber[] awaited, @Nullable CallChain chain) {
		List<Subscriber> safe = new ArrayList<>(awaited.length);
		for (Subscriber subscriber : awaited) {
			if (!CallChain.contains(chain, subscriber) && !reaches(subscriber, waiter)) {
				safe.add(subscriber);
			}
		}
		Subscriber[] claimed = safe.toArray(Routes.NONE);
		if (claimed.length > 0) {
			this.edges.computeIfAbsent(waiter, (key) -> new ArrayList<>(1)).add(claimed);
		}
		return claimed;
	}

	/**
	 * Records that {@code waiter} waits for room in {@code target}'s mailbox, unless {@code target}
	 * (transitively) waits for {@code waiter}.
	 * @return the claim to pass to {@link #release}, or {@code null} when waiting would close a cycle
	 */
	synchronized Subscriber @Nullable [] claimRoom(Subscriber waiter, Subscriber target) {
		if (target == waiter || reaches(target, waiter)) {
			return null;
		}
		Subscriber[] claimed = { target };
		this.edges.computeIfAbsent(waiter, (key) -> new ArrayList<>(1)).add(claimed);
		return claimed;
	}

	synchronized void release(Subscriber waiter, Subscriber[] claimed) {
		List<Subscriber[]> waits = this.edges.get(waiter);
		if (waits != null) {
			waits.remove(claimed);
			if (waits.isEmpty()) {
				this.edges.remove(waiter);
			}
		}
	}

	private boolean reaches(Subscriber from, Subscriber target) {
		Set<Subscriber> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		ArrayDeque<Subscriber> todo = new ArrayDeque<>();
		todo.push(from);
		while (!todo.isEmpty()) {
			Subscriber next = todo.pop();
			if (next == target) {
				return true;
			}
			if (seen.add(next)) {
				for (Subscriber[] waits : this.edges.getOrDefault(next, List.of())) {
					for (Subscriber subscriber : waits) {
						todo.push(subscriber);
					}
				}
			}
		}
		return false;
	}

}
