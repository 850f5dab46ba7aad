package io.github.eventbus.autoconfigure.jdbc;

import org.jspecify.annotations.Nullable;

import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Base of the properties of a table set (event store, durable observers, sagas, Kafka processed events)
 * whose own {@code table-prefix}, when set, overrides {@code eventbus.jdbc.table-prefix}. Validates that
 * prefix when Spring Boot binds the properties, so that a prefix that is not a plain SQL identifier fails
 * startup with Boot's failure analysis naming the property.
 */
public abstract class TableSetProperties implements Validator {

	/**
	 * The set's own table prefix.
	 * @return the prefix, {@code null} when unset
	 */
	protected abstract @Nullable String tableSetPrefix();

	/**
	 * The property holding the set's prefix, relative to the properties' prefix, in dashed form.
	 * @return {@code table-prefix} unless overridden
	 */
	protected String tableSetPrefixProperty() {
		return "table-prefix";
	}

	@Override
	public final boolean supports(Class<?> type) {
		return getClass().isAssignableFrom(type);
	}

	@Override
	public final void validate(Object target, Errors errors) {
		TableSetProperties properties = (TableSetProperties) target;
		EventBusJdbcProperties.rejectInvalidTablePrefix(errors, properties.tableSetPrefixProperty(),
				properties.tableSetPrefix());
		properties.validateSettings(errors);
	}

	/**
	 * Rejects invalid values of the set's other settings, named in dashed form relative to the properties'
	 * prefix, as Spring Boot reports them; nothing by default.
	 * @param errors where to reject them
	 */
	protected void validateSettings(Errors errors) {
	}

}
