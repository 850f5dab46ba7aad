package io.github.eventbus.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The JDBC store's schema: one script per database on the class path,
 * {@value #SCHEMA_LOCATION} with {@code @@platform@@} = {@code h2} or {@code postgresql}, naming its tables
 * through the {@code @@prefix@@} placeholder.
 * <p>
 * A table prefix ends up in SQL text, so it is checked against {@code [A-Za-z_][A-Za-z0-9_]{0,40}} before
 * it is used anywhere: configuration can never inject SQL.
 */
public final class JdbcEventStoreSchema {

	/** Where the schema scripts are, with Spring Boot's {@code @@platform@@} placeholder. */
	public static final String SCHEMA_LOCATION = "classpath:io/github/eventbus/store/jdbc/schema-@@platform@@.sql";

	/** The default table prefix. */
	public static final String DEFAULT_TABLE_PREFIX = "eventbus_";

	private static final String PREFIX_PLACEHOLDER = "@@prefix@@";

	private static final Pattern VALID_PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,40}");

	private JdbcEventStoreSchema() {
	}

	/**
	 * Checks a table prefix.
	 * @param tablePrefix the prefix
	 * @return the prefix
	 * @throws IllegalArgumentException unless it matches {@code [A-Za-z_][A-Za-z0-9_]{0,40}}
	 */
	public static String checkTablePrefix(String tablePrefix) {
		Objects.requireNonNull(tablePrefix, "tablePrefix");
		if (!VALID_PREFIX.matcher(tablePrefix).matches()) {
			throw new IllegalArgumentException("Table prefix '" + tablePrefix
					+ "' must be letters, digits and underscores, at most 41, not starting with a digit"
					+ " (a plain SQL identifier)");
		}
		return tablePrefix;
	}

	/**
	 * Replaces the {@code @@prefix@@} placeholder of SQL text, after checking the prefix.
	 * @param sql SQL text from this package's scripts or statements
	 * @param tablePrefix the table prefix
	 * @return the SQL naming the prefixed tables
	 */
	public static String withTablePrefix(String sql, String tablePrefix) {
		return sql.replace(PREFIX_PLACEHOLDER, checkTablePrefix(tablePrefix));
	}

	/**
	 * The schema script of one database.
	 * @param platform {@code h2} or {@code postgresql}
	 * @param tablePrefix the table prefix
	 * @return the script, prefix applied
	 */
	public static String script(String platform, String tablePrefix) {
		ClassPathResource resource = new ClassPathResource(
				SCHEMA_LOCATION.substring("classpath:".length()).replace("@@platform@@", platform));
		try (InputStream in = resource.getInputStream()) {
			return withTablePrefix(new String(in.readAllBytes(), StandardCharsets.UTF_8), tablePrefix);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("No event store schema for platform '" + platform + "'", ex);
		}
	}

	/**
	 * Creates the tables if they do not exist; for applications that do not use Spring Boot's database
	 * initialization.
	 * @param dataSource the database, H2 or PostgreSQL
	 * @param tablePrefix the table prefix
	 */
	public static void create(DataSource dataSource, String tablePrefix) {
		String platform;
		try (Connection connection = dataSource.getConnection()) {
			platform = JdbcDialect.of(connection).platform();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot connect to create the event store schema", ex);
		}
		ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
				new ByteArrayResource(script(platform, tablePrefix).getBytes(StandardCharsets.UTF_8)));
		populator.execute(dataSource);
	}

}
