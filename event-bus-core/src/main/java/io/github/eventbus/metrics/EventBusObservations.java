package io.github.eventbus.metrics;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations (spans, with a tracing bridge) the event bus makes. The publish observation injects
 * its propagation headers into the event's metadata entries, and the handle observation extracts them,
 * so a tracing bridge links each handling to the publish that caused it, across threads and, for
 * durable observers, across restarts and instances.
 */
public enum EventBusObservations implements ObservationDocumentation {

	/** Storing published events (one append call). */
	PUBLISH {
		@Override
		public String getName() {
			return "eventbus.publish";
		}

		@Override
		public String getContextualName() {
			return "eventbus publish";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { EventBusMeters.EventBusKeys.EVENT_TYPE };
		}
	},

	/** One observer handling one event. */
	HANDLE {
		@Override
		public String getName() {
			return "eventbus.handle";
		}

		@Override
		public String getContextualName() {
			return "eventbus handle";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { EventBusMeters.EventBusKeys.OBSERVER, EventBusMeters.EventBusKeys.EVENT_TYPE };
		}
	}

}
