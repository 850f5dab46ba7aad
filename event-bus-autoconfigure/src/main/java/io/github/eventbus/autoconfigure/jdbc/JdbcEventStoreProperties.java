package io.github.eventbus.autoconfigure.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of the JDBC event store ({@code eventbus.store.jdbc.*}). Its tables are created as
 * {@code eventbus.jdbc.initialize-schema} says ({@link EventBusJdbcProperties}).
 * <p>
 * Defaults are literals so that IDEs can show them; a test keeps them equal to the store's constants.
 */
@ConfigurationProperties("eventbus.store.jdbc")
public class JdbcEventStoreProperties implements Validator {

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

	@Override
	public boolean supports(Class<?> type) {
		return JdbcEventStoreProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		EventBusJdbcProperties.rejectInvalidTablePrefix(errors, "table-prefix",
				((JdbcEventStoreProperties) target).getTablePrefix());
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
