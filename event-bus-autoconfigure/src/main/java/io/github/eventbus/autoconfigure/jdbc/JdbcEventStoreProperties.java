package io.github.eventbus.autoconfigure.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;

/**
 * Configuration of the JDBC event store ({@code eventbus.store.jdbc.*}). Schema initialization
 * ({@code initialize-schema} = {@code embedded} | {@code always} | {@code never}, {@code schema},
 * {@code platform}, {@code continue-on-error}) works as for Spring Boot's other JDBC stores.
 * <p>
 * Defaults are literals so that IDEs can show them; a test keeps them equal to the store's constants.
 */
@ConfigurationProperties("eventbus.store.jdbc")
public class JdbcEventStoreProperties extends DatabaseInitializationProperties {

	/**
	 * Prefix of the event store's table names: a letter or '_', then up to 40 letters, digits or '_'.
	 */
	private String tablePrefix = "eventbus_";

	/**
	 * Packages scanned at startup for @EventType payload classes, so that stored events of types this
	 * application neither publishes nor observes can be read.
	 */
	private List<String> typePackages = new ArrayList<>();

	private final GroupCommit groupCommit = new GroupCommit();

	@Override
	public String getDefaultSchemaLocation() {
		return JdbcEventStoreSchema.SCHEMA_LOCATION;
	}

	public String getTablePrefix() {
		return this.tablePrefix;
	}

	public void setTablePrefix(String tablePrefix) {
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

}
