/**
 * Auto-configuration of durable observers: checkpoints, leases, retries and dead letters.
 */
@NullMarked
package io.github.eventbus.autoconfigure.durable;

import org.jspecify.annotations.NullMarked;
