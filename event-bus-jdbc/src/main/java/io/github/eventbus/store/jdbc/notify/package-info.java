/**
 * Wake-ups across instances on PostgreSQL: {@link io.github.eventbus.store.jdbc.notify.PostgresWakeUps}
 * announces appends with {@code NOTIFY} after they commit and listens for the announcements of other
 * instances, so that their followers read at once instead of at their next poll.
 */
@NullMarked
package io.github.eventbus.store.jdbc.notify;

import org.jspecify.annotations.NullMarked;
