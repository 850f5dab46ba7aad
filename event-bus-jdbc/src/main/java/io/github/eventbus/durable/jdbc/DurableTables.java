package io.github.eventbus.durable.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.util.Locale;

import javax.sql.DataSource;

import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Names of the durable-observer tables ({@code <prefix>checkpoint}, {@code <prefix>lease},
 * {@code <prefix>dead_letter}) and their creation from the schema file of the database in use
 * ({@code io/github/eventbus/durable/schema-h2.sql}, {@code schema-postgresql.sql}).
 * <p>
 * The prefix is checked to be a plain SQL identifier, since it is written into SQL text.
 */
public final class DurableTables {

	/** The default table prefix. */
	public static final String DEFAULT_PREFIX = "eventbus_";

	private final String prefix;

	/**
	 * @param prefix the table prefix, for example {@code eventbus_}
	 * @throws IllegalArgumentException if it is not a plain SQL identifier
	 * ({@link JdbcEventStoreSchema#checkTablePrefix(String)})
	 */
	public DurableTables(String prefix) {
		this.prefix = JdbcEventStoreSchema.checkTablePrefix(prefix);
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
	public java.util.List<String> names() {
		return java.util.List.of(checkpoint(), lease(), deadLetter());
	}

	/** Replaces the default table names in {@code sql} by ours. */
	String sql(String sql) {
		return sql.replace(DEFAULT_PREFIX, this.prefix);
	}

	/**
	 * Creates the tables and indexes that do not exist yet.
	 * @param dataSource the database, H2 or PostgreSQL
	 * @throws IllegalStateException for another database: create the tables from one of the schema files
	 */
	public void create(DataSource dataSource) {
		String script = sql(read("schema-" + platform(dataSource) + ".sql"));
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		for (String statement : script.replaceAll("(?m)^--.*$", "").split(";")) {
			if (!statement.isBlank()) {
				jdbc.execute(statement.strip());
			}
		}
	}

	/**
	 * The schema file suffix for a database: {@code h2} or {@code postgresql}.
	 * @param dataSource the database
	 * @return the platform name
	 */
	public static String platform(DataSource dataSource) {
		String product;
		try {
			product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Cannot tell which database holds the durable observer tables", ex);
		}
		String name = product.toLowerCase(Locale.ROOT);
		if (name.contains("h2")) {
			return "h2";
		}
		if (name.contains("postgres")) {
			return "postgresql";
		}
		throw new IllegalStateException("No durable observer schema for " + product
				+ "; create the tables from io/github/eventbus/durable/schema-postgresql.sql adapted to it");
	}

	private static String read(String name) {
		try (InputStream in = DurableTables.class.getResourceAsStream("/io/github/eventbus/durable/" + name)) {
			if (in == null) {
				throw new IllegalStateException("Missing schema file " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read schema file " + name, ex);
		}
	}

	@Override
	public String toString() {
		return "DurableTables[" + this.prefix + "]";
	}

}
