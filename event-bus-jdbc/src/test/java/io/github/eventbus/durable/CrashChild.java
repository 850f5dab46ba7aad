package io.github.eventbus.durable;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;
import io.github.eventbus.dispatch.ObserverMethods;
import io.github.eventbus.durable.Events.OrderPlaced;
import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.store.jdbc.EventSerializer;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application the crash test kills: one durable observer over the {@link JdbcEventStore} on PostgreSQL
 * that records every event it handles in a table, so the parent can count across JVMs. It appends nothing:
 * like any restarted application it reads what another JVM stored, so its observer's payload type is
 * allowed up front, as the auto-configuration does. Runs until killed, or exits
 * once its checkpoint reaches the expected head.
 * <p>
 * Arguments: JDBC URL, table prefix, head position (positions have gaps on PostgreSQL), batch size.
 */
public final class CrashChild {

	private CrashChild() {
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		String prefix = args[1];
		long head = Long.parseLong(args[2]);
		int batchSize = Integer.parseInt(args[3]);
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setUsername("postgres");
		dataSource.setMaximumPoolSize(4);
		DurableTables tables = new DurableTables(prefix);
		EventTypeRegistry types = new EventTypeRegistry();
		types.registerObserved(OrderPlaced.class);
		JdbcEventStore store = new JdbcEventStore(dataSource, new EventSerializer(new JsonMapper(), types), prefix,
				JdbcEventStore.DEFAULT_MAX_BATCH_SIZE, JdbcEventStore.DEFAULT_MAX_WAIT);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		DurableObservers durable = DurableObservers
			.builder(store)
			.leases(Databases.stores(dataSource, tables).leases())
			.checkpoints(Databases.stores(dataSource, tables).checkpoints())
			.deadLetters(Databases.stores(dataSource, tables).deadLetters())
			.settings(DurableSettings.defaults()
				.withInstanceId("child-" + ProcessHandle.current().pid())
				.withPollInterval(Duration.ofMillis(50))
				.withBatchSize(batchSize)
				.withLeaseDuration(Duration.ofSeconds(2)))
			.build();
		Recorder recorder = new Recorder(jdbc, prefix + "handled");
		ObserverMethods.discover("recorder", recorder).forEach((definition) -> durable.register(definition));
		durable.start();
		while (durable.status("crash-observer").orElseThrow().checkpoint() < head) {
			Thread.sleep(50);
		}
		durable.stop();
		store.close();
		dataSource.close();
		System.exit(0);
	}

	public static final class Recorder {

		private final JdbcTemplate jdbc;

		private final String table;

		Recorder(JdbcTemplate jdbc, String table) {
			this.jdbc = jdbc;
			this.table = table;
		}

		@EventObserver(id = "crash-observer", durable = true)
		public void on(Event<OrderPlaced> event) {
			this.jdbc.update("INSERT INTO " + this.table + " (position) VALUES (?)", event.position());
		}

	}

}
