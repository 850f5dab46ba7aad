package io.github.eventbus.autoconfigure.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;

import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

/**
 * Creates the event store's tables through Spring Boot's database initialization, with the schema file of
 * the database's platform ({@code schema-h2.sql}, {@code schema-postgresql.sql}) and the configured table
 * prefix in place of its {@code @@prefix@@} placeholder.
 */
public class JdbcEventStoreSchemaInitializer
		extends PropertiesBasedDataSourceScriptDatabaseInitializer<JdbcEventStoreProperties> {

	private final String tablePrefix;

	/**
	 * Creates an initializer.
	 * @param dataSource the database
	 * @param properties the store's properties
	 */
	public JdbcEventStoreSchemaInitializer(DataSource dataSource, JdbcEventStoreProperties properties) {
		super(dataSource, properties);
		this.tablePrefix = JdbcEventStoreAutoConfiguration.checkedTablePrefix(properties);
	}

	@Override
	protected void runScripts(Scripts scripts) {
		List<Resource> prefixed = new ArrayList<>();
		for (Resource script : scripts) {
			prefixed.add(withTablePrefix(script, scripts));
		}
		super.runScripts(new Scripts(prefixed).continueOnError(scripts.isContinueOnError())
			.separator(scripts.getSeparator())
			.encoding(scripts.getEncoding()));
	}

	private Resource withTablePrefix(Resource script, Scripts scripts) {
		try (InputStream in = script.getInputStream()) {
			String sql = new String(in.readAllBytes(), scripts.getEncoding() != null ? scripts.getEncoding()
					: java.nio.charset.StandardCharsets.UTF_8);
			return new ByteArrayResource(JdbcEventStoreSchema.withTablePrefix(sql, this.tablePrefix)
				.getBytes(java.nio.charset.StandardCharsets.UTF_8), script.getDescription());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read event store schema " + script, ex);
		}
	}

}
