package io.github.eventbus.autoconfigure.saga;

import java.time.Duration;

import io.github.eventbus.autoconfigure.jdbc.EventBusJdbcProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of sagas ({@code eventbus.saga.*}).
 */
@ConfigurationProperties("eventbus.saga")
public class SagaProperties implements Validator {

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

	@Override
	public boolean supports(Class<?> type) {
		return SagaProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		EventBusJdbcProperties.rejectInvalidTablePrefix(errors, "jdbc.table-prefix",
				((SagaProperties) target).getJdbc().getTablePrefix());
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
