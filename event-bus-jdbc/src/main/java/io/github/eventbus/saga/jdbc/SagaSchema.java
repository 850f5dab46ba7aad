package io.github.eventbus.saga.jdbc;

import javax.sql.DataSource;

import io.github.eventbus.jdbc.JdbcSchema;

/**
 * The saga tables ({@code <prefix>saga}, {@code <prefix>saga_association}, {@code <prefix>saga_deadline}):
 * schema scripts {@value #SCHEMA_LOCATION}.
 */
public final class SagaSchema {

	/** Where the schema scripts are, with Spring Boot's {@code @@platform@@} placeholder. */
	public static final String SCHEMA_LOCATION = "classpath:io/github/eventbus/saga/schema-@@platform@@.sql";

	/** The default table prefix. */
	public static final String DEFAULT_TABLE_PREFIX = JdbcSchema.DEFAULT_TABLE_PREFIX;

	private SagaSchema() {
	}

	/**
	 * Creates the tables and indexes that do not exist yet; for applications that do not use Spring Boot's
	 * database initialization.
	 * @param dataSource the database, H2 or PostgreSQL
	 * @param tablePrefix the table prefix
	 */
	public static void create(DataSource dataSource, String tablePrefix) {
		JdbcSchema.create(dataSource, SCHEMA_LOCATION, tablePrefix);
	}

}
