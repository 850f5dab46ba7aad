package io.github.eventbus.autoconfigure.durable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Dead letters and the other durable-observer tables ({@code eventbus.dead-letter.*}).
 */
@ConfigurationProperties("eventbus.dead-letter")
public class DeadLetterProperties {

	/**
	 * When to create the dead-letter, checkpoint and lease tables at startup. The scripts only create
	 * what is missing, so the default is to always run them.
	 */
	private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.ALWAYS;

	public DatabaseInitializationMode getInitializeSchema() {
		return this.initializeSchema;
	}

	public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
		this.initializeSchema = initializeSchema;
	}

}
