package io.github.eventbus.autoconfigure.console;

import java.util.Map;

/** How many events each observer has handled so far; empty without meters. */
@FunctionalInterface
interface HandledCounts {

	/** Handled events (all outcomes) by observer id. */
	Map<String, Long> byObserver();

}
