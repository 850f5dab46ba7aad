package io.github.eventbus.durable;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

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
 * One application instance of the multi-instance test: a durable observer split into 12 segments over
 * the {@link JdbcEventStore} on PostgreSQL. Its handler marks the event's stream busy in a table for the
 * time it runs (an atomic {@code UPDATE}), so the parent sees two JVMs in one stream at once, and records
 * every event it handles with the instance name, in handling order. Runs until killed or terminated.
 * <p>
 * Arguments: JDBC URL, table prefix, instance name, batch size, lease duration in ms.
 */
public final class SegmentChild {

	private SegmentChild() {
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		String prefix = args[1];
		String instance = args[2];
		int batchSize = Integer.parseInt(args[3]);
		Duration lease = Duration.ofMillis(Long.parseLong(args[4]));
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setUsername("postgres");
		dataSource.setMaximumPoolSize(6);
		DurableTables tables = new DurableTables(prefix);
		EventTypeRegistry types = new EventTypeRegistry();
		types.registerObserved(OrderPlaced.class);
		JdbcEventStore store = new JdbcEventStore(dataSource, new EventSerializer(new JsonMapper(), types), prefix,
				JdbcEventStore.DEFAULT_MAX_BATCH_SIZE, JdbcEventStore.DEFAULT_MAX_WAIT);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		AbstractDurableObserversTests.Stores stores = Databases.stores(dataSource, tables);
		DurableObservers durable = DurableObservers.builder(store)
			.leases(stores.leases())
			.checkpoints(stores.checkpoints())
			.deadLetters(stores.deadLetters())
			.settings(DurableSettings.defaults()
				.withInstanceId(instance)
				.withPollInterval(Duration.ofMillis(50))
				.withBatchSize(batchSize)
				.withLeaseDuration(lease))
			.build();
		ObserverMethods.discover("recorder", new Recorder(jdbc, prefix, instance)).forEach(durable::register);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			durable.stop();
			stopped.countDown();
		}));
		durable.start();
		System.out.println("started " + instance);
		stopped.await();
	}

	public static final class Recorder {

		private final JdbcTemplate jdbc;

		private final String prefix;

		private final String instance;

		Recorder(JdbcTemplate jdbc, String prefix, String instance) {
			this.jdbc = jdbc;
			this.prefix = prefix;
			this.instance = instance;
		}

		@EventObserver(id = "segmented", durable = true, segments = 12, concurrency = 2)
		public void on(Event<OrderPlaced> event) {
			boolean alone = this.jdbc.update("UPDATE " + this.prefix + "busy SET holder = ? WHERE stream_id = ? AND holder IS NULL",
					this.instance, event.streamId()) == 1;
			if (!alone) {
				this.jdbc.update("INSERT INTO " + this.prefix + "overlap (stream_id, instance) VALUES (?, ?)",
						event.streamId(), this.instance);
			}
			try {
				LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
				this.jdbc.update("INSERT INTO " + this.prefix + "handled (position, stream_id, version, instance)"
						+ " VALUES (?, ?, ?, ?)", event.position(), event.streamId(), event.version(), this.instance);
			}
			finally {
				if (alone) {
					this.jdbc.update("UPDATE " + this.prefix + "busy SET holder = NULL WHERE stream_id = ?",
							event.streamId());
				}
			}
		}

	}

}
