package io.github.eventbus.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.eventbus.EventBus;
import io.github.eventbus.store.EventStore;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bus users get: a Spring Boot application with the starter on the classpath and nothing else of ours,
 * {@code eventbus.store.type=jdbc} on the application's PostgreSQL {@code DataSource} (Hikari), tables
 * {@code pgbench_*} created by the starter's schema initializer. The business transaction is a
 * {@link TransactionTemplate} over Boot's transaction manager, the business row written with Boot's
 * {@link JdbcTemplate}: the event joins that transaction (the outbox).
 */
final class OutboxApplication implements AutoCloseable {

	/** Connections of the application's pool: one per business thread, and one for the group commit writer. */
	static final int POOL_SIZE = 20;

	private static final String INSERT_ORDER = "INSERT INTO pgbench_orders (id, n) VALUES (?, 1)";

	private final ConfigurableApplicationContext context;

	private final EventBus bus;

	private final TransactionTemplate transactions;

	private final JdbcTemplate jdbc;

	OutboxApplication(String url) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", url);
		properties.put("spring.datasource.hikari.maximum-pool-size", POOL_SIZE);
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "warn");
		properties.put("eventbus.store.type", "jdbc");
		properties.put("eventbus.jdbc.table-prefix", "pgbench_");
		properties.put("eventbus.jdbc.initialize-schema", "always");
		this.context = new SpringApplicationBuilder(Config.class).web(WebApplicationType.NONE)
			.properties(properties)
			.run();
		this.bus = this.context.getBean(EventBus.class);
		this.jdbc = this.context.getBean(JdbcTemplate.class);
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS pgbench_orders (id UUID PRIMARY KEY, n INT NOT NULL)");
		this.transactions = new TransactionTemplate(this.context.getBean(PlatformTransactionManager.class));
	}

	/** Workload 1: a business row, one event published to the order's stream, more work, commit. */
	int businessTransaction(long workNanos) {
		this.transactions.executeWithoutResult((status) -> {
			UUID order = UUID.randomUUID();
			this.jdbc.update(INSERT_ORDER, order);
			this.bus.publish("order-" + order, OrderPlaced.SAMPLE);
			RawOutbox.work(workNanos);
		});
		return 1;
	}

	/** {@code publish(payload)} outside a transaction: a new stream per event. */
	int publishNew() {
		this.bus.publish(OrderPlaced.SAMPLE);
		return 1;
	}

	/** {@code publish(streamId, payload)} outside a transaction, 100 streams per thread. */
	int publishNamed(int thread, long sequence) {
		this.bus.publish("order-" + thread + "-" + (sequence % 100), OrderPlaced.SAMPLE);
		return 1;
	}

	/** {@code publishAll} of a batch to a new stream, without a version check. */
	int publishAll(int thread, long sequence, List<?> batch) {
		this.bus.publishAll("batch-" + thread + "-" + sequence + "-" + System.nanoTime(), EventStore.ANY_VERSION,
				batch);
		return batch.size();
	}

	@Override
	public void close() {
		this.context.close();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

	}

}
