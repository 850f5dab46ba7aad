package io.github.eventbus.durable.jdbc;

import java.util.List;

import javax.sql.DataSource;

import io.github.eventbus.jdbc.JdbcSchema;

/**
 * Names of the durable-observer tables ({@code <prefix>checkpoint}, {@code <prefix>lease},
 * {@code <prefix>dead_letter}) and their schema scripts ({@value #SCHEMA_LOCATION}).
 * <p>
 * The prefix is checked to be a plain SQL identifier, since it is written into SQL text. Immutable.
 */
public final class DurableTables {

	/** Where the schema scripts are, with Spring Boot's {@code @@platform@@} placeholder. */
	public static final String SCHEMA_LOCATION = "classpath:io/github/eventbus/durable/schema-@@platform@@.sql";

	/** The default table prefix. */
	public static final String DEFAULT_PREFIX = JdbcSchema.DEFAULT_TABLE_PREFIX;

	private final String prefix;

	/**
	 * @param prefix the table prefix, for example {@code eventbus_}
	 * @throws io.github.eventbus.jdbc.InvalidTablePrefixException if it is not a plain SQL identifier
	 */
	public DurableTables(String prefix) {
		this.prefix = JdbcSchema.checkTablePrefix(prefix);
	}

	String checkpoint() {
		return this.prefix + "checkpoint";
	}

	String lease() {
		return this.prefix + "lease";
	}

	String deadLetter() {
		return this.prefix + "dead_letter";
	}

	/** The table names, in creation order. */
	public List<String> names() {
		return List.of(checkpoint(), lease(), deadLetter());
	}

	/** The table prefix. */
	public String prefix() {
		return this.prefix;
	}

	/** Replaces the default table names in {@code sql} by ours. */
	String sql(String sql) {
		return sql.replace(DEFAULT_PREFIX, this.prefix);
	}

	/**
	 * Creates the tables and indexes that do not exist yet; for applications that do not use Spring Boot's
	 * database initialization.
	 * @param dataSource the database, H2 or PostgreSQL
	 */
	public void create(DataSource dataSource) {
		JdbcSchema.create(dataSource, SCHEMA_LOCATION, this.prefix);
	}

	@Override
	public String toString() {
		return "DurableTables[" + this.prefix + "]";
	}

}
