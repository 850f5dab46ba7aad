package io.github.eventbus.dispatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many deliveries each mailbox observer gets from a batch of payloads: the room a
 * {@code publishAll} takes, all of it at once, before the batch is stored.
 *
 * @param targets the observers with a mailbox
 * @param counts the deliveries for each of them
 */
record Demand(Subscriber[] targets, int[] counts) {

	static Demand of(Routes routes, List<?> payloads) {
		Map<Subscriber, int[]> counts = new LinkedHashMap<>();
		for (Object payload : payloads) {
			for (Subscriber subscriber : routes.forType(payload.getClass()).mailboxes()) {
				counts.computeIfAbsent(subscriber, (key) -> new int[1])[0]++;
			}
		}
		Subscriber[] targets = counts.keySet().toArray(Routes.NONE);
		int[] perTarget = new int[targets.length];
		for (int i = 0; i < targets.length; i++) {
			perTarget[i] = counts.get(targets[i])[0];
		}
		return new Demand(targets, perTarget);
	}

}
