package io.github.eventbus.store.jdbc.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import java.util.function.LongConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Holds one connection that {@code LISTEN}s on the channel and runs {@code onWakeUp} for every batch of
 * notifications sent by other instances, and once after each (re)connection, since notifications sent
 * while it was away are lost. On a failure it reconnects with backoff, from 100 ms doubling up to the
 * configured maximum; meanwhile followers only poll. An idle connection is checked every 30 s, so that
 * a connection dropped silently by the network is noticed.
 * <p>
 * Runs on a daemon thread of its own; learns on its first connection whether the database is PostgreSQL
 * and ends there if it is not.
 */
final class Listener extends DaemonLoop {

	private static final Log logger = LogFactory.getLog(Listener.class);

	private static final int WAIT_MILLIS = 500;

	private static final long CHECK_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

	private static final long FIRST_BACKOFF_MILLIS = 100;

	private static final long NONE = Long.MIN_VALUE;

	private final DataSource dataSource;

	private final String channel;

	private final String token;

	private final Duration maxBackoff;

	private final LongConsumer onWakeUp;

	private final Support support;

	private volatile boolean listening;

	Listener(DataSource dataSource, String channel, String token, Duration maxBackoff, LongConsumer onWakeUp,
			Support support) {
		// stop() waits (up to a second past a receive's wait) for the connection to be given back
		super("eventbus-listen-" + channel, WAIT_MILLIS + 1000);
		this.dataSource = dataSource;
		this.channel = channel;
		this.token = token;
		this.maxBackoff = maxBackoff;
		this.onWakeUp = onWakeUp;
		this.support = support;
	}

	/** Whether the connection is listening now. */
	boolean isListening() {
		return this.listening;
	}

	@Override
	public void run() {
		long backoff = FIRST_BACKOFF_MILLIS;
		boolean failing = false;
		while (isRunning()) {
			try {
				if (!listen()) {
					return;
				}
			}
			catch (SQLException | RuntimeException ex) {
				this.listening = false;
				if (!isRunning()) {
					return;
				}
				if (!failing) {
					failing = true;
					logger.warn("Listening on channel '" + this.channel + "' failed; reconnecting, and polling "
							+ "meanwhile", ex);
				}
				else if (logger.isDebugEnabled()) {
					logger.debug("Listening on channel '" + this.channel + "' still fails", ex);
				}
				LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(backoff));
				backoff = Math.min(backoff * 2, Math.max(FIRST_BACKOFF_MILLIS, this.maxBackoff.toMillis()));
				continue;
			}
			backoff = FIRST_BACKOFF_MILLIS;
			failing = false;
		}
	}

	/**
	 * Listens until stopped or until the connection fails.
	 * @return {@code false} if the database is not PostgreSQL
	 */
	private boolean listen() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			if (!connection.isWrapperFor(PGConnection.class)) {
				this.support.set(false);
				logger.debug("Not a PostgreSQL database: no notifications on channel '" + this.channel + "'");
				return false;
			}
			this.support.set(true);
			PGConnection postgres = connection.unwrap(PGConnection.class);
			execute(connection, "LISTEN \"" + this.channel + "\"");
			try {
				this.listening = true;
				logger.debug("Listening on channel '" + this.channel + "'");
				wakeUp(-1);
				receive(connection, postgres);
			}
			finally {
				this.listening = false;
				unlisten(connection);
			}
			return true;
		}
	}

	private void receive(Connection connection, PGConnection postgres) throws SQLException {
		long quietSince = System.nanoTime();
		while (isRunning()) {
			PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
			if (notifications != null && notifications.length > 0) {
				quietSince = System.nanoTime();
				long committedUpTo = fromOthers(notifications);
				if (committedUpTo != NONE) {
					wakeUp(committedUpTo);
				}
			}
			else if (System.nanoTime() - quietSince > CHECK_IDLE_NANOS) {
				quietSince = System.nanoTime();
				if (!connection.isValid(5)) {
					throw new SQLException("The connection listening on channel '" + this.channel
							+ "' is no longer valid");
				}
			}
		}
	}

	/** The highest position other instances announced, -1 if one did not say, {@link #NONE} for none. */
	private long fromOthers(PGNotification[] notifications) {
		long committedUpTo = NONE;
		for (PGNotification notification : notifications) {
			String payload = notification.getParameter();
			int colon = payload.lastIndexOf(':');
			String sender = (colon >= 0) ? payload.substring(0, colon) : payload;
			// This instance's own appends woke its followers already.
			if (!this.token.equals(sender)) {
				committedUpTo = Math.max(committedUpTo, position(payload, colon));
			}
		}
		return committedUpTo;
	}

	private static long position(String payload, int colon) {
		try {
			return (colon >= 0) ? Long.parseLong(payload, colon + 1, payload.length(), 10) : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private void wakeUp(long committedUpTo) {
		try {
			this.onWakeUp.accept(committedUpTo);
		}
		catch (RuntimeException ex) {
			logger.error("Waking followers up on channel '" + this.channel + "' failed", ex);
		}
	}

	/** The connection goes back to the pool: leave nothing for its next user to receive. */
	private static void unlisten(Connection connection) {
		try {
			if (!connection.isClosed()) {
				execute(connection, "UNLISTEN *");
			}
		}
		catch (SQLException | RuntimeException ex) {
			// a broken connection listens no more, and the pool drops it
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		if (!connection.getAutoCommit()) {
			connection.commit();
		}
	}

	/** Whether the database is PostgreSQL: {@code null} until a connection told. */
	interface Support {

		void set(boolean supported);

	}

}
