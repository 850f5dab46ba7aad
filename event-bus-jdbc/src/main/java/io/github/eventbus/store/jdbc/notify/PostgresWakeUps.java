package io.github.eventbus.store.jdbc.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.eventbus.Event;
import io.github.eventbus.dispatch.DispatchExtension;
import io.github.eventbus.jdbc.JdbcSchema;
import io.github.eventbus.store.EventStoreFollower;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

import org.springframework.context.SmartLifecycle;

/**
 * Wakes the {@link EventStoreFollower}s of every instance sharing a PostgreSQL event store as soon as
 * one of them appends, instead of at their next poll: durable observers and sagas, the Kafka relay, the
 * saga deadline scheduler.
 * <p>
 * <b>Sending.</b> Added to the bus as a {@link DispatchExtension}, it is told about appends once they
 * are committed; it then has a notifier thread send {@code pg_notify('<prefix>events', '<token>:<position>')}
 * (this instance's token, the highest position it committed) on a pooled
 * connection of its own. Never from the appending transaction: a transaction that notifies takes a
 * cluster-wide lock at commit, which would serialize every publishing commit. Requests coalesce (at most
 * one notification in flight per instance, and one more for whatever was appended meanwhile, at most one
 * per 5 ms under load), so a short burst of appends costs one or two notifications.
 * <p>
 * <b>Listening.</b> One pooled connection per instance {@code LISTEN}s on the channel; notifications of
 * other instances (the token tells them apart) wake every follower with
 * {@link EventStoreFollower#wakeUp(long)}, which then reads the store from its own high-water mark until it
 * has seen that position. A follower's own instance wakes it without a notification. On a connection
 * failure the listener reconnects with backoff and wakes every follower once reconnected.
 * <p>
 * <b>Failures.</b> Notifications are a shortcut, never the only way: a lost notification (listener
 * reconnecting, notifier failing, a database other than PostgreSQL) delays followers to their next poll
 * and loses nothing. On any other database this does nothing.
 * <p>
 * Thread-safe. A {@link SmartLifecycle}: threads start and stop with the context.
 */
public final class PostgresWakeUps implements DispatchExtension, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PostgresWakeUps.class);

	/** Default longest wait between two attempts to reconnect the listener. */
	public static final Duration DEFAULT_MAX_RECONNECT_BACKOFF = Duration.ofSeconds(5);

	private final DataSource dataSource;

	private final String channel;

	private final Iterable<? extends EventStoreFollower> followerSource;

	private final Duration maxReconnectBackoff;

	private final String token = UUID.randomUUID().toString();

	private volatile List<EventStoreFollower> followers = List.of();

	private volatile @Nullable Boolean postgres;

	private volatile boolean running;

	private volatile @Nullable Notifier notifier;

	private volatile @Nullable Listener listener;

	/**
	 * Creates the wake-ups of one event store.
	 * @param dataSource the event store's database
	 * @param tablePrefix the event store's table prefix, which names the channel ({@code <prefix>events})
	 * @param followers the followers to wake, looked up once at {@link #start()}
	 * @param maxReconnectBackoff longest wait between two attempts to reconnect the listener
	 * @throws IllegalArgumentException if the table prefix is not a plain SQL identifier
	 */
	public PostgresWakeUps(DataSource dataSource, String tablePrefix, Iterable<? extends EventStoreFollower> followers,
			Duration maxReconnectBackoff) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
		if (!JdbcSchema.isValidTablePrefix(tablePrefix)) {
			throw new IllegalArgumentException(JdbcSchema.describeInvalidTablePrefix(tablePrefix));
		}
		this.channel = tablePrefix + "events";
		this.followerSource = Objects.requireNonNull(followers, "followers");
		this.maxReconnectBackoff = Objects.requireNonNull(maxReconnectBackoff, "maxReconnectBackoff");
	}

	/** The notification channel: {@code <prefix>events}. */
	public String channel() {
		return this.channel;
	}

	/** Whether this instance listens for other instances' notifications right now. */
	public boolean isListening() {
		Listener running = this.listener;
		return running != null && running.isListening();
	}

	/** How many notifications this instance has sent since it started. */
	public long notificationsSent() {
		Notifier running = this.notifier;
		return (running != null) ? running.sent() : 0;
	}

	/** Asks for a notification: the events are committed. Returns at once. */
	@Override
	public void appended(List<Event<?>> events) {
		Notifier running = this.notifier;
		if (running != null && Boolean.TRUE.equals(this.postgres)) {
			running.request(events.isEmpty() ? -1 : events.get(events.size() - 1).position());
		}
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		List<EventStoreFollower> found = new ArrayList<>();
		this.followerSource.forEach(found::add);
		this.followers = List.copyOf(found);
		this.postgres = detect();
		if (Boolean.FALSE.equals(this.postgres)) {
			logger.debug("Not a PostgreSQL database: followers of other instances' events poll");
			return;
		}
		Notifier startedNotifier = new Notifier(this.dataSource, this.channel, this.token);
		Listener startedListener = new Listener(this.dataSource, this.channel, this.token, this.maxReconnectBackoff,
				this::wakeUpFollowers, (supported) -> this.postgres = supported);
		startedNotifier.start();
		startedListener.start();
		this.notifier = startedNotifier;
		this.listener = startedListener;
	}

	/** {@code null} when the database cannot tell now: the listener finds out when it connects. */
	private @Nullable Boolean detect() {
		try (Connection connection = this.dataSource.getConnection()) {
			return connection.isWrapperFor(PGConnection.class);
		}
		catch (SQLException | RuntimeException ex) {
			return null;
		}
	}

	/** Wakes every follower; with the position other instances committed up to, when they said. */
	private void wakeUpFollowers(long committedUpTo) {
		for (EventStoreFollower follower : this.followers) {
			try {
				if (committedUpTo >= 0) {
					follower.wakeUp(committedUpTo);
				}
				else {
					follower.wakeUp();
				}
			}
			catch (RuntimeException ex) {
				logger.error("Follower " + follower + " failed to wake up", ex);
			}
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		Listener startedListener = this.listener;
		Notifier startedNotifier = this.notifier;
		this.listener = null;
		this.notifier = null;
		if (startedNotifier != null) {
			startedNotifier.stop();
		}
		if (startedListener != null) {
			startedListener.stop();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
