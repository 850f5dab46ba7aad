package io.github.eventbus.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The one place that knows how the event bus names and creates its tables. Each table set (events,
 * durable observers, sagas, Kafka processed events) has one schema script per database on the class
 * path, its location containing {@value #PLATFORM_PLACEHOLDER} ({@code h2} or {@code postgresql}) and its
 * SQL naming tables {@value #PREFIX_PLACEHOLDER}{@code events}, {@value #PREFIX_PLACEHOLDER}{@code checkpoint},
 * and so on. The scripts only create what is missing, so running one again is harmless.
 * <p>
 * With Spring Boot the scripts run through its database initialization ({@code eventbus.jdbc.*}); without
 * it, {@link #create(DataSource, String, String)} runs one. Stateless and thread-safe.
 */
public final class JdbcSchema {

	/** The default table prefix. */
	public static final String DEFAULT_TABLE_PREFIX = "eventbus_";

	/** Placeholder for the table prefix in schema scripts. */
	public static final String PREFIX_PLACEHOLDER = "@@prefix@@";

	/** Placeholder for the platform in schema script locations, as in Spring Boot. */
	public static final String PLATFORM_PLACEHOLDER = "@@platform@@";

	private static final Pattern VALID_PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,40}");

	private JdbcSchema() {
	}

	/**
	 * Whether a table prefix is a plain SQL identifier.
	 * @param tablePrefix the prefix
	 * @return whether {@link #checkTablePrefix(String)} accepts it
	 */
	public static boolean isValidTablePrefix(@Nullable String tablePrefix) {
		return tablePrefix != null && VALID_PREFIX.matcher(tablePrefix).matches();
	}

	/**
	 * Why a table prefix is rejected.
	 * @param tablePrefix the prefix
	 * @return the message of {@link InvalidTablePrefixException} for it
	 */
	public static String describeInvalidTablePrefix(@Nullable String tablePrefix) {
		return "Table prefix '" + tablePrefix + "' must be a letter or '_' followed by up to 40 letters, digits"
				+ " or '_' (a plain SQL identifier, since it becomes part of SQL)";
	}

	/**
	 * Checks a table prefix.
	 * @param tablePrefix the prefix
	 * @return the prefix
	 * @throws InvalidTablePrefixException unless it matches {@code [A-Za-z_][A-Za-z0-9_]{0,40}}
	 */
	public static String checkTablePrefix(@Nullable String tablePrefix) {
		if (!isValidTablePrefix(tablePrefix)) {
			throw new InvalidTablePrefixException(String.valueOf(tablePrefix));
		}
		return tablePrefix;
	}

	/**
	 * Replaces the {@value #PREFIX_PLACEHOLDER} placeholder of SQL text, after checking the prefix.
	 * @param sql SQL text naming tables through the placeholder
	 * @param tablePrefix the table prefix
	 * @return the SQL naming the prefixed tables
	 * @throws InvalidTablePrefixException if the prefix is not a plain SQL identifier
	 */
	public static String withTablePrefix(String sql, String tablePrefix) {
		return sql.replace(PREFIX_PLACEHOLDER, checkTablePrefix(tablePrefix));
	}

	/**
	 * The platform of a database, as it appears in schema script names.
	 * @param connection a connection to the database
	 * @return {@code h2} or {@code postgresql}
	 * @throws SQLException if the database cannot tell its product name
	 * @throws IllegalStateException for another database
	 */
	public static String platform(Connection connection) throws SQLException {
		String product = connection.getMetaData().getDatabaseProductName();
		String name = product.toLowerCase(Locale.ROOT);
		if (name.contains("postgresql")) {
			return "postgresql";
		}
		if (name.contains("h2")) {
			return "h2";
		}
		throw new IllegalStateException("The event bus supports H2 and PostgreSQL, not " + product);
	}

	/**
	 * The platform of a database, as it appears in schema script names.
	 * @param dataSource the database
	 * @return {@code h2} or {@code postgresql}
	 * @throws IllegalStateException for another database, or when no connection can be made
	 */
	public static String platform(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return platform(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot tell which database " + dataSource + " is", ex);
		}
	}

	/**
	 * Reads a schema script.
	 * @param location class-path location with the {@value #PLATFORM_PLACEHOLDER} placeholder, with or
	 * without a {@code classpath:} prefix
	 * @param platform {@code h2} or {@code postgresql}
	 * @param tablePrefix the table prefix
	 * @return the script, prefix applied
	 * @throws IllegalArgumentException if there is no script for the platform
	 */
	public static String script(String location, String platform, String tablePrefix) {
		String path = location.replaceFirst("^classpath:", "").replace(PLATFORM_PLACEHOLDER, platform);
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return withTablePrefix(new String(in.readAllBytes(), StandardCharsets.UTF_8), tablePrefix);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("No schema script " + path + " for platform '" + platform + "'", ex);
		}
	}

	/**
	 * Runs a schema script, creating the tables that do not exist yet; for applications that do not use
	 * Spring Boot's database initialization.
	 * @param dataSource the database, H2 or PostgreSQL
	 * @param location class-path location of the script, with the {@value #PLATFORM_PLACEHOLDER} placeholder
	 * @param tablePrefix the table prefix
	 */
	public static void create(DataSource dataSource, String location, String tablePrefix) {
		String script = script(location, platform(dataSource), tablePrefix);
		new ResourceDatabasePopulator(new ByteArrayResource(script.getBytes(StandardCharsets.UTF_8)))
			.execute(dataSource);
	}

}
