package io.github.eventbus.autoconfigure.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the JDBC event store ({@code eventbus.store.jdbc.*}). Its tables are created as
 * {@code eventbus.jdbc.initialize-schema} says ({@link EventBusJdbcProperties}).
 * <p>
 * Defaults are literals so that IDEs can show them; a test keeps them equal to the store's constants.
 */
@ConfigurationProperties("eventbus.store.jdbc")
public class JdbcEventStoreProperties extends TableSetProperties {

	/**
	 * Prefix of the event store's table names, when it differs from eventbus.jdbc.table-prefix. Followers'
	 * checkpoints are bound to the store they were taken on, so a store of another prefix never resumes
	 * from them.
	 */
	private @Nullable String tablePrefix;

	/**
	 * Packages scanned at startup for @EventType payload classes, so that stored events of types this
	 * application neither publishes nor observes can be read.
	 */
	private List<String> typePackages = new ArrayList<>();

	private final GroupCommit groupCommit = new GroupCommit();

	private final Notifications notifications = new Notifications();

	public @Nullable String getTablePrefix() {
		return this.tablePrefix;
	}

	public void setTablePrefix(@Nullable String tablePrefix) {
		this.tablePrefix = tablePrefix;
	}

	public List<String> getTypePackages() {
		return this.typePackages;
	}

	public void setTypePackages(List<String> typePackages) {
		this.typePackages = typePackages;
	}

	public GroupCommit getGroupCommit() {
		return this.groupCommit;
	}

	public Notifications getNotifications() {
		return this.notifications;
	}

	@Override
	protected @Nullable String tableSetPrefix() {
		return this.tablePrefix;
	}

	/** How appends made outside a transaction are batched into shared transactions. */
	public static class GroupCommit {

		/**
		 * Maximum number of appends written in one transaction.
		 */
		private int maxBatchSize = 500;

		/**
		 * Longest time the writer waits for a batch to fill once appends arrive together; a lone
		 * publisher never waits.
		 */
		private Duration maxWait = Duration.ofMillis(1);

		public int getMaxBatchSize() {
			return this.maxBatchSize;
		}

		public void setMaxBatchSize(int maxBatchSize) {
			this.maxBatchSize = maxBatchSize;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

	}

	/**
	 * How instances sharing a PostgreSQL event store wake each other's followers with LISTEN/NOTIFY.
	 */
	public static class Notifications {

		/**
		 * Whether, on PostgreSQL, each instance announces its committed appends with a NOTIFY sent after
		 * commit, and listens on one connection for the other instances' announcements, so that their
		 * durable observers, sagas, Kafka relay and saga deadline scheduler read at once instead of at
		 * their next poll. Polling stays as the fallback; other databases only poll.
		 */
		private boolean enabled = true;

		/**
		 * Longest wait between two attempts to reconnect the listening connection after it failed;
		 * attempts start 100 ms apart and double up to this.
		 */
		private Duration maxReconnectBackoff = Duration.ofSeconds(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getMaxReconnectBackoff() {
			return this.maxReconnectBackoff;
		}

		public void setMaxReconnectBackoff(Duration maxReconnectBackoff) {
			this.maxReconnectBackoff = maxReconnectBackoff;
		}

	}

}
