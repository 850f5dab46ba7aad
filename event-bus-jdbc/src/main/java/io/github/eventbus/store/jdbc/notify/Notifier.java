package io.github.eventbus.store.jdbc.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Sends {@code pg_notify(channel, '<token>:<position>')} from a thread of its own, on a pooled connection of its own in
 * autocommit: never from an appending transaction, whose commit would then take PostgreSQL's cluster-wide
 * notification lock. Requests coalesce: while one notification is being sent, and for
 * {@link #MIN_INTERVAL_NANOS} after it, any number of requests become one more notification. Each
 * notification is a transaction that PostgreSQL flushes to its WAL like any commit (it takes a transaction
 * id), so under load this caps them at 200 per second per instance, for at most 5 ms more latency on the
 * instances it wakes; after a quiet spell the first one goes out at once. The position is the highest one committed by this instance so far, so that followers
 * know what they should be able to read.
 * <p>
 * A failed send is dropped (other instances still poll) and logged once per outage.
 */
final class Notifier extends DaemonLoop {

	private static final Log logger = LogFactory.getLog(Notifier.class);

	private static final String NOTIFY = "SELECT pg_notify(?, ?)";

	/** The least time from the start of one notification to the start of the next. */
	static final long MIN_INTERVAL_NANOS = 5_000_000;

	private final DataSource dataSource;

	private final String channel;

	private final String token;

	private final AtomicBoolean requested = new AtomicBoolean();

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong committed = new AtomicLong(-1);

	private boolean failing;

	Notifier(DataSource dataSource, String channel, String token) {
		super("eventbus-notify-" + channel, 0);
		this.dataSource = dataSource;
		this.channel = channel;
		this.token = token;
	}

	/**
	 * Asks for one notification; cheap enough for every publisher's thread.
	 * @param committedUpTo the position of the last event committed, or -1 if unknown
	 */
	void request(long committedUpTo) {
		if (committedUpTo > this.committed.get()) {
			this.committed.accumulateAndGet(committedUpTo, Math::max);
		}
		// A plain read first: under load the flag is mostly set already, and a read does not contend.
		if (!this.requested.get() && this.requested.compareAndSet(false, true)) {
			unpark();
		}
	}

	/** How many notifications were sent. */
	long sent() {
		return this.sent.get();
	}

	@Override
	public void run() {
		long lastSend = System.nanoTime() - MIN_INTERVAL_NANOS;
		while (isRunning()) {
			if (!this.requested.get()) {
				LockSupport.park(this);
				continue;
			}
			long wait = lastSend + MIN_INTERVAL_NANOS - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(this, wait);
				continue;
			}
			this.requested.set(false);
			lastSend = System.nanoTime();
			send();
		}
	}

	private void send() {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(NOTIFY)) {
			statement.setString(1, this.channel);
			statement.setString(2, this.token + ":" + this.committed.get());
			statement.execute();
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
			this.sent.incrementAndGet();
			if (this.failing) {
				this.failing = false;
				logger.info("Notifications on channel '" + this.channel + "' are sent again");
			}
		}
		catch (SQLException | RuntimeException ex) {
			if (!this.failing) {
				this.failing = true;
				logger.warn("Could not notify channel '" + this.channel + "'; other instances find the events "
						+ "by polling until notifications work again", ex);
			}
		}
	}

}
