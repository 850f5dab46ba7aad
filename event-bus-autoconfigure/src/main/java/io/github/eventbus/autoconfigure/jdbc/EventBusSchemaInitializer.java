package io.github.eventbus.autoconfigure.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.github.eventbus.jdbc.JdbcSchema;

import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

/**
 * Creates one table set of the event bus (events, durable observers, sagas, Kafka processed events)
 * through Spring Boot's database initialization: runs the set's schema script for the database's
 * platform, its {@code @@prefix@@} placeholder replaced by the table prefix, when
 * {@code eventbus.jdbc.initialize-schema} says so. Beans that read the tables are
 * {@code @DependsOnDatabaseInitialization}, so they wait for this initializer, or for Flyway or Liquibase
 * when the application owns the schema.
 */
public class EventBusSchemaInitializer extends DataSourceScriptDatabaseInitializer {

	private final String tablePrefix;

	/**
	 * Creates an initializer.
	 * @param dataSource the database
	 * @param properties the mode, platform and error handling
	 * @param schemaLocation the set's scripts, with the {@code @@platform@@} placeholder
	 * @param tablePrefix the set's table prefix
	 * @throws io.github.eventbus.jdbc.InvalidTablePrefixException if the prefix is not a plain SQL identifier
	 */
	public EventBusSchemaInitializer(DataSource dataSource, EventBusJdbcProperties properties, String schemaLocation,
			String tablePrefix) {
		super(dataSource, settings(dataSource, properties, schemaLocation));
		this.tablePrefix = JdbcSchema.checkTablePrefix(tablePrefix);
	}

	private static DatabaseInitializationSettings settings(DataSource dataSource, EventBusJdbcProperties properties,
			String schemaLocation) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations(
				List.of(schemaLocation.replace(JdbcSchema.PLATFORM_PLACEHOLDER, platform(dataSource, properties))));
		settings.setContinueOnError(properties.isContinueOnError());
		settings.setMode(properties.getInitializeSchema());
		return settings;
	}

	private static String platform(DataSource dataSource, EventBusJdbcProperties properties) {
		String platform = properties.getPlatform();
		if (platform != null) {
			return platform;
		}
		try {
			return JdbcSchema.platform(dataSource);
		}
		catch (IllegalStateException ex) {
			// Another database: fails only if its scripts are run, with their location in the message.
			return "unsupported";
		}
	}

	@Override
	protected void runScripts(Scripts scripts) {
		Charset encoding = (scripts.getEncoding() != null) ? scripts.getEncoding() : StandardCharsets.UTF_8;
		List<Resource> prefixed = new ArrayList<>();
		for (Resource script : scripts) {
			prefixed.add(withTablePrefix(script, encoding));
		}
		super.runScripts(new Scripts(prefixed).continueOnError(scripts.isContinueOnError())
			.separator(scripts.getSeparator())
			.encoding(StandardCharsets.UTF_8));
	}

	private Resource withTablePrefix(Resource script, Charset encoding) {
		try (InputStream in = script.getInputStream()) {
			String sql = JdbcSchema.withTablePrefix(new String(in.readAllBytes(), encoding), this.tablePrefix);
			return new ByteArrayResource(sql.getBytes(StandardCharsets.UTF_8), script.getDescription());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read schema script " + script, ex);
		}
	}

}
