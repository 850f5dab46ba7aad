package io.github.eventbus.store.jdbc;

import javax.sql.DataSource;

import io.github.eventbus.jdbc.JdbcSchema;

/**
 * The JDBC store's schema: one script per database on the class path, {@value #SCHEMA_LOCATION} with
 * {@code @@platform@@} = {@code h2} or {@code postgresql}, naming its tables through the
 * {@code @@prefix@@} placeholder. Besides the events it creates {@code <prefix>store}, one row holding the
 * store's id (a UUID drawn when the tables are created), which followers keep with their checkpoints.
 * <p>
 * Prefixes are checked by {@link JdbcSchema#checkTablePrefix(String)} before they are used anywhere.
 */
public final class JdbcEventStoreSchema {

	/** Where the schema scripts are, with Spring Boot's {@code @@platform@@} placeholder. */
	public static final String SCHEMA_LOCATION = "classpath:io/github/eventbus/store/jdbc/schema-@@platform@@.sql";

	/** The default table prefix. */
	public static final String DEFAULT_TABLE_PREFIX = JdbcSchema.DEFAULT_TABLE_PREFIX;

	private JdbcEventStoreSchema() {
	}

	/**
	 * Checks a table prefix.
	 * @param tablePrefix the prefix
	 * @return the prefix
	 * @throws io.github.eventbus.jdbc.InvalidTablePrefixException unless it is a plain SQL identifier
	 */
	public static String checkTablePrefix(String tablePrefix) {
		return JdbcSchema.checkTablePrefix(tablePrefix);
	}

	/**
	 * Replaces the {@code @@prefix@@} placeholder of SQL text, after checking the prefix.
	 * @param sql SQL text from this package's scripts or statements
	 * @param tablePrefix the table prefix
	 * @return the SQL naming the prefixed tables
	 */
	public static String withTablePrefix(String sql, String tablePrefix) {
		return JdbcSchema.withTablePrefix(sql, tablePrefix);
	}

	/**
	 * The schema script of one database.
	 * @param platform {@code h2} or {@code postgresql}
	 * @param tablePrefix the table prefix
	 * @return the script, prefix applied
	 */
	public static String script(String platform, String tablePrefix) {
		return JdbcSchema.script(SCHEMA_LOCATION, platform, tablePrefix);
	}

	/**
	 * Creates the tables if they do not exist; for applications that do not use Spring Boot's database
	 * initialization.
	 * @param dataSource the database, H2 or PostgreSQL
	 * @param tablePrefix the table prefix
	 */
	public static void create(DataSource dataSource, String tablePrefix) {
		JdbcSchema.create(dataSource, SCHEMA_LOCATION, tablePrefix);
	}

}
