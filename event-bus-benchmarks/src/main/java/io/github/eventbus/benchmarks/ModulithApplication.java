package io.github.eventbus.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The alternative a Spring user would reach for: Spring Modulith's event publication registry on JDBC
 * ({@code spring-modulith-starter-jdbc}, its defaults, its schema), an event published with
 * {@link ApplicationEventPublisher} in the business transaction and one no-op
 * {@link ApplicationModuleListener} (without a transactional listener Modulith stores nothing), with
 * {@link EnableAsync} as Modulith's documentation recommends. The registry inserts one
 * {@code event_publication} row in the business transaction; the listener runs after commit on Boot's task
 * executor and marks the row completed in a transaction of its own. Our auto-configurations are off
 * ({@code eventbus.enabled=false}).
 */
final class ModulithApplication implements AutoCloseable {

	private static final String INSERT_ORDER = "INSERT INTO pgbench_modulith_orders (id, n) VALUES (?, 1)";

	private final ConfigurableApplicationContext context;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final JdbcTemplate jdbc;

	ModulithApplication(String url) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", url);
		properties.put("spring.datasource.hikari.maximum-pool-size", OutboxApplication.POOL_SIZE);
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "warn");
		properties.put("eventbus.enabled", "false");
		properties.put("spring.modulith.events.jdbc.schema-initialization.enabled", "true");
		this.context = new SpringApplicationBuilder(Config.class).web(WebApplicationType.NONE)
			.properties(properties)
			.run();
		this.events = this.context;
		this.jdbc = this.context.getBean(JdbcTemplate.class);
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS pgbench_modulith_orders (id UUID PRIMARY KEY, n INT NOT NULL)");
		this.transactions = new TransactionTemplate(this.context.getBean(PlatformTransactionManager.class));
	}

	/** Workload 1: a business row, one event published, more work, commit. */
	int businessTransaction(long workNanos) {
		this.transactions.executeWithoutResult((status) -> {
			UUID order = UUID.randomUUID();
			this.jdbc.update(INSERT_ORDER, order);
			this.events.publishEvent(new OrderPlaced(order.getMostSignificantBits(), "SKU-1"));
			RawOutbox.work(workNanos);
		});
		return 1;
	}

	/** Publications not yet marked completed: the listener's backlog. */
	long incomplete() {
		Long count = this.jdbc.queryForObject("SELECT COUNT(*) FROM event_publication WHERE completion_date IS NULL",
				Long.class);
		return (count != null) ? count : 0;
	}

	@Override
	public void close() {
		this.context.close();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAsync
	static class Config {

		@Bean
		Listener orderListener() {
			return new Listener();
		}

	}

	static class Listener {

		@ApplicationModuleListener
		void on(OrderPlaced event) {
		}

	}

}
