package io.github.eventbus.autoconfigure.jdbc;

import io.github.eventbus.jdbc.JdbcSchema;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * What every table set of the event bus shares ({@code eventbus.jdbc.*}): events, durable observers
 * (checkpoints, leases, dead letters), sagas and Kafka processed events. One prefix names every table and
 * one mode decides whether Spring Boot's database initialization creates them; a table set's own
 * {@code table-prefix} property, when set, overrides the prefix for that set.
 * <p>
 * Validated when bound: a prefix that is not a plain SQL identifier fails startup naming the property.
 */
@ConfigurationProperties("eventbus.jdbc")
public class EventBusJdbcProperties implements Validator {

	/**
	 * Prefix of the names of every table of the event bus, unless a table set's own table-prefix is set: a
	 * letter or '_', then up to 40 letters, digits or '_'.
	 */
	private String tablePrefix = "eventbus_";

	/**
	 * When to create the event bus's tables at startup: 'embedded' (embedded databases only), 'always' or
	 * 'never' (the application owns the schema, for example with Flyway or Liquibase). The scripts only
	 * create what is missing.
	 */
	private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

	/**
	 * Platform of the schema scripts (schema-<platform>.sql): 'h2' or 'postgresql'. Detected by default.
	 */
	private @Nullable String platform;

	/**
	 * Whether startup goes on when a statement of a schema script fails.
	 */
	private boolean continueOnError = true;

	public String getTablePrefix() {
		return this.tablePrefix;
	}

	public void setTablePrefix(String tablePrefix) {
		this.tablePrefix = tablePrefix;
	}

	public DatabaseInitializationMode getInitializeSchema() {
		return this.initializeSchema;
	}

	public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
		this.initializeSchema = initializeSchema;
	}

	public @Nullable String getPlatform() {
		return this.platform;
	}

	public void setPlatform(@Nullable String platform) {
		this.platform = platform;
	}

	public boolean isContinueOnError() {
		return this.continueOnError;
	}

	public void setContinueOnError(boolean continueOnError) {
		this.continueOnError = continueOnError;
	}

	/**
	 * The prefix of one table set.
	 * @param setPrefix the set's own prefix property, {@code null} when unset
	 * @return {@code setPrefix} if set, otherwise {@link #getTablePrefix()}
	 */
	public String tablePrefix(@Nullable String setPrefix) {
		return (setPrefix != null) ? setPrefix : this.tablePrefix;
	}

	@Override
	public boolean supports(Class<?> type) {
		return EventBusJdbcProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		rejectInvalidTablePrefix(errors, "table-prefix", ((EventBusJdbcProperties) target).getTablePrefix());
	}

	/**
	 * Rejects a table prefix that is set but not a plain SQL identifier; the check of every table set's
	 * prefix property, run by Spring Boot when it binds the properties, so that its failure analysis names
	 * the property and where its value came from.
	 * @param errors the errors of the properties being bound
	 * @param property the property, relative to the properties' prefix, in dashed form (as Boot names it)
	 * @param tablePrefix its value
	 */
	public static void rejectInvalidTablePrefix(Errors errors, String property, @Nullable String tablePrefix) {
		if (tablePrefix != null && !JdbcSchema.isValidTablePrefix(tablePrefix)) {
			errors.rejectValue(property, "invalidTablePrefix", JdbcSchema.describeInvalidTablePrefix(tablePrefix));
		}
	}

}
