package io.github.eventbus.saga.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import javax.sql.DataSource;

import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The saga tables ({@code <prefix>saga}, {@code <prefix>saga_association}, {@code <prefix>saga_deadline}):
 * schema files {@code io/github/eventbus/saga/schema-h2.sql} and {@code schema-postgresql.sql}, written with
 * the default prefix {@code eventbus_}.
 */
public final class SagaSchema {

	/** Where the schema scripts are, with Spring Boot's {@code @@platform@@} placeholder. */
	public static final String SCHEMA_LOCATION = "classpath:io/github/eventbus/saga/schema-@@platform@@.sql";

	/** The default table prefix. */
	public static final String DEFAULT_TABLE_PREFIX = "eventbus_";

	private SagaSchema() {
	}

	/**
	 * The schema script of one database.
	 * @param platform {@code h2} or {@code postgresql}
	 * @param tablePrefix the table prefix, checked to be a plain SQL identifier
	 * @return the script with the prefix applied
	 */
	public static String script(String platform, String tablePrefix) {
		JdbcEventStoreSchema.checkTablePrefix(tablePrefix);
		ClassPathResource resource = new ClassPathResource(
				SCHEMA_LOCATION.substring("classpath:".length()).replace("@@platform@@", platform));
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(DEFAULT_TABLE_PREFIX, tablePrefix);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("No saga schema for platform '" + platform + "'", ex);
		}
	}

	/**
	 * Creates the tables and indexes that do not exist yet.
	 * @param dataSource the database, H2 or PostgreSQL
	 * @param tablePrefix the table prefix
	 */
	public static void create(DataSource dataSource, String tablePrefix) {
		String script = script(DurableTables.platform(dataSource), tablePrefix);
		new ResourceDatabasePopulator(new ByteArrayResource(script.getBytes(StandardCharsets.UTF_8)))
			.execute(dataSource);
	}

}
