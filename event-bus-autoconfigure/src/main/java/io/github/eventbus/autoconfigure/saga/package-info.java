/**
 * Auto-configuration of sagas.
 */
@NullMarked
package io.github.eventbus.autoconfigure.saga;

import org.jspecify.annotations.NullMarked;
