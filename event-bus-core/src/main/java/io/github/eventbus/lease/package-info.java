/**
 * Leases: at most one owner at a time for a named piece of work (a durable observer, a relay) across
 * application instances sharing a database, with takeover when the owner dies.
 */
@NullMarked
package io.github.eventbus.lease;

import org.jspecify.annotations.NullMarked;
