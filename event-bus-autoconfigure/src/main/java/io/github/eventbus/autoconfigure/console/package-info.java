/**
 * The operations console: a web page served by the application that shows observers, dead letters and
 * streams, and replays or discards dead letters when the {@code eventbus} endpoint's access allows it.
 */
@NullMarked
package io.github.eventbus.autoconfigure.console;

import org.jspecify.annotations.NullMarked;
