package io.github.eventbus.dispatch;

import io.github.eventbus.DispatchMode;

/**
 * What one observer looks like right now, for operations.
 *
 * @param id the observer id
 * @param bean the bean name
 * @param method the method name and parameter type
 * @param payloadType the payload type observed
 * @param mode the effective dispatch mode
 * @param concurrency the number of lanes
 * @param queued how many events wait in its mailboxes
 * @param dropped how many events were dropped by {@link Overflow#DROP_OLDEST}
 */
public record ObserverSnapshot(String id, String bean, String method, String payloadType, DispatchMode mode,
		int concurrency, int queued, long dropped) {

}
