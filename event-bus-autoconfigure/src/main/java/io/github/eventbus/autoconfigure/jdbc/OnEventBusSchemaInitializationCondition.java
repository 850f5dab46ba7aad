package io.github.eventbus.autoconfigure.jdbc;

import org.springframework.boot.sql.autoconfigure.init.OnDatabaseInitializationCondition;

/**
 * Matches unless {@code eventbus.jdbc.initialize-schema} is {@code never}: the condition of every
 * {@link EventBusSchemaInitializer} bean.
 */
public class OnEventBusSchemaInitializationCondition extends OnDatabaseInitializationCondition {

	OnEventBusSchemaInitializationCondition() {
		super("Event bus schema", "eventbus.jdbc.initialize-schema");
	}

}
