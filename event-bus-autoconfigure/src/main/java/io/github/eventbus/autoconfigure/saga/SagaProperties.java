package io.github.eventbus.autoconfigure.saga;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of sagas ({@code eventbus.saga.*}).
 */
@ConfigurationProperties("eventbus.saga")
public class SagaProperties {

	/** Default interval between reads of due deadlines. */
	public static final Duration DEFAULT_DEADLINE_POLL_INTERVAL = Duration.ofSeconds(1);

	/** Whether {@code @Saga} beans are run. */
	private boolean enabled = true;

	/** How often due deadlines are looked for; a deadline fires at most this late. */
	private Duration deadlinePollInterval = DEFAULT_DEADLINE_POLL_INTERVAL;

	private final Jdbc jdbc = new Jdbc();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getDeadlinePollInterval() {
		return this.deadlinePollInterval;
	}

	public void setDeadlinePollInterval(Duration deadlinePollInterval) {
		this.deadlinePollInterval = deadlinePollInterval;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	/** The JDBC saga store, used when the application has a {@code DataSource}. */
	public static class Jdbc {

		/** Prefix of the saga table names; letters, digits and underscores. */
		// A literal rather than SagaSchema.DEFAULT_TABLE_PREFIX, so the configuration processor records it.
		private String tablePrefix = "eventbus_";

		/** Whether the saga tables are created at startup when they do not exist. */
		private boolean initializeSchema = true;

		public String getTablePrefix() {
			return this.tablePrefix;
		}

		public void setTablePrefix(String tablePrefix) {
			this.tablePrefix = tablePrefix;
		}

		public boolean isInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(boolean initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

	}

}
