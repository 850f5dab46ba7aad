package io.github.eventbus.autoconfigure.metrics;

import io.github.eventbus.metrics.EventBusMeters;
import io.micrometer.core.instrument.Tags;

/**
 * Renames event bus meters or changes their tags. Beans of this type are applied in order, once per
 * meter when it is first registered (meters are cached, so this never runs per event).
 */
public interface EventBusMeterCustomizer {

	/**
	 * The name to register a meter under.
	 * @param meter which meter
	 * @param name the documented name, or as renamed by an earlier customizer
	 * @return the name to use
	 */
	default String name(EventBusMeters meter, String name) {
		return name;
	}

	/**
	 * The tags to register a meter with.
	 * @param meter which meter
	 * @param tags the documented tags with their values (for example {@code observer} and
	 * {@code event.type}), as changed by earlier customizers
	 * @return the tags to use; add to them, or replace them
	 */
	default Tags tags(EventBusMeters meter, Tags tags) {
		return tags;
	}

}
