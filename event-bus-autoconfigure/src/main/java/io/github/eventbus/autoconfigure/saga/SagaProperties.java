package io.github.eventbus.autoconfigure.saga;

import java.time.Duration;

import io.github.eventbus.autoconfigure.jdbc.TableSetProperties;
import io.github.eventbus.saga.SagaManager;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of sagas ({@code eventbus.saga.*}).
 */
@ConfigurationProperties("eventbus.saga")
public class SagaProperties extends TableSetProperties {

	/** Default longest wait between two reads of the pending deadlines. */
	public static final Duration DEFAULT_DEADLINE_POLL_INTERVAL = Duration.ofSeconds(1);

	/** Whether @Saga beans are run. */
	private boolean enabled = true;

	/**
	 * How many instances of one saga type are handled at once on this instance; each instance still sees its
	 * events one at a time, in order. Applies when sagas are fed by durable observers.
	 */
	private int concurrency = SagaManager.DEFAULT_CONCURRENCY;

	/**
	 * Longest wait between two reads of the pending deadlines. Deadlines scheduled on this instance fire when
	 * due; this is the fallback for those stored by another instance, which this one finds at its next read.
	 */
	private Duration deadlinePollInterval = DEFAULT_DEADLINE_POLL_INTERVAL;

	private final Jdbc jdbc = new Jdbc();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(int concurrency) {
		if (concurrency < 1) {
			throw new IllegalArgumentException("eventbus.saga.concurrency must be at least 1, not " + concurrency);
		}
		this.concurrency = concurrency;
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

	@Override
	protected @Nullable String tableSetPrefix() {
		return this.jdbc.getTablePrefix();
	}

	@Override
	protected String tableSetPrefixProperty() {
		return "jdbc.table-prefix";
	}

	/** The JDBC saga store, used when the application has a {@code DataSource}. */
	public static class Jdbc {

		/**
		 * Prefix of the saga table names, when it differs from eventbus.jdbc.table-prefix.
		 */
		private @Nullable String tablePrefix;

		public @Nullable String getTablePrefix() {
			return this.tablePrefix;
		}

		public void setTablePrefix(@Nullable String tablePrefix) {
			this.tablePrefix = tablePrefix;
		}

	}

}
