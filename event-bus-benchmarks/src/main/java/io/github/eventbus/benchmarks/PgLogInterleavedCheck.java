package io.github.eventbus.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Issue 14's PostgreSQL targets, each next to its alternative in the same run: the bus users get
 * ({@link OutboxApplication}, a Boot application with the starter) against plain pgjdbc ({@link RawOutbox}),
 * interleaved round-robin ({@link Interleaved}).
 * <ol>
 * <li>{@code tx}: 16 threads, each transaction inserts a business row, publishes one event, waits 2 ms (the
 * rest of the business work), commits; raw: the business row plus an event row ({@code bigserial}); Spring
 * Modulith's event publication registry ({@link ModulithApplication}) doing the same.</li>
 * <li>{@code single}: 1 thread, {@code publish(streamId, payload)} (100 streams) and {@code publish(payload)},
 * each its own commit; raw: {@code INSERT} + commit.</li>
 * <li>{@code concurrent}: 16 threads, one event per call, {@code publish(payload)} and
 * {@code publish(streamId, payload)}; raw: 16 threads of {@code INSERT} + commit.</li>
 * <li>{@code batch}: 1 thread, {@code publishAll} of 100 events to a new stream; raw: a pgjdbc batch of 100
 * ({@code reWriteBatchedInserts}) + commit, and {@code COPY} of 100 rows + commit.</li>
 * </ol>
 * Usage: {@code java -cp benchmarks.jar io.github.eventbus.benchmarks.PgLogInterleavedCheck [rounds] [seconds]
 * [groups]}, defaults 3 rounds of 5 s per alternative after a 1 s warm-up, groups {@code tx,single,concurrent,batch}.
 * Database {@code eventbus_pgbench} on 127.0.0.1:5432 (created if missing; override with
 * {@code -Deventbus.bench.pgbench-url=...}), its {@code public} schema dropped and created again first, so every
 * run starts from empty tables and nobody else's tables are touched. The URL carries
 * {@code reWriteBatchedInserts=true} for ours and raw alike.
 */
public final class PgLogInterleavedCheck {

	static final String DATABASE = "eventbus_pgbench";

	static final String URL = System.getProperty("eventbus.bench.pgbench-url",
			"jdbc:postgresql://127.0.0.1:5432/" + DATABASE + "?user=postgres&reWriteBatchedInserts=true");

	static final int THREADS = 16;

	static final int BATCH = 100;

	static final long WORK_NANOS = RawOutbox.millis(2);

	private PgLogInterleavedCheck() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 3;
		double seconds = (args.length > 1) ? Double.parseDouble(args[1]) : 5;
		Set<String> groups = Set.of(((args.length > 2) ? args[2] : "tx,single,concurrent,batch").split(","));
		System.out.printf("workload=pglog-interleaved rounds=%d seconds=%s groups=%s start=%s load=%s%n", rounds, seconds,
				groups, Instant.now(), load());
		String url = resetDatabase(DATABASE);
		List<OrderPlaced> batch = new ArrayList<>();
		for (int i = 0; i < BATCH; i++) {
			batch.add(new OrderPlaced(i, "SKU-1"));
		}
		try (OutboxApplication ours = new OutboxApplication(url); RawOutbox raw = new RawOutbox(url, THREADS);
				ModulithApplication modulith = new ModulithApplication(url); ServerCpu server = new ServerCpu(url, DATABASE)) {
			Interleaved check = new Interleaved(rounds, (long) (seconds * 1000), server);
			if (groups.contains("tx")) {
				check.add("busTx16", THREADS, (t, s) -> ours.businessTransaction(WORK_NANOS));
				check.add("rawTx16", THREADS, (t, s) -> raw.businessTransaction(t, WORK_NANOS));
				check.add("modulithTx16", THREADS, (t, s) -> modulith.businessTransaction(WORK_NANOS));
			}
			if (groups.contains("single")) {
				check.add("busNamed1", 1, ours::publishNamed);
				check.add("busNew1", 1, (t, s) -> ours.publishNew());
				check.add("rawInsertCommit1", 1, (t, s) -> raw.insertCommit(t));
			}
			if (groups.contains("concurrent")) {
				check.add("busNew16", THREADS, (t, s) -> ours.publishNew());
				check.add("busNamed16", THREADS, ours::publishNamed);
				check.add("rawInsertCommit16", THREADS, (t, s) -> raw.insertCommit(t));
			}
			if (groups.contains("batch")) {
				check.add("busPublishAll100", 1, (t, s) -> ours.publishAll(t, s, batch));
				check.add("rawBatch100", 1, (t, s) -> raw.batch(t, BATCH));
				check.add("rawCopy100", 1, (t, s) -> raw.copy(t, BATCH));
			}
			check.run();
			System.out.printf("end=%s load=%s%n", Instant.now(), load());
			System.out.println("events (tx) per second, median over the rounds:");
			check.printRates();
			System.out.println("median of per-round ratios, ours ÷ alternative of the same round:");
			check.printRatio("busTx16", "rawTx16");
			check.printRatio("busTx16", "modulithTx16");
			check.printRatio("modulithTx16", "rawTx16");
			check.printRatio("busNamed1", "rawInsertCommit1");
			check.printRatio("busNew1", "rawInsertCommit1");
			check.printRatio("busNew16", "rawInsertCommit16");
			check.printRatio("busNamed16", "rawInsertCommit16");
			check.printRatio("busPublishAll100", "rawBatch100");
			check.printRatio("busPublishAll100", "rawCopy100");
			if (groups.contains("tx")) {
				System.out.printf("Modulith publications not completed at the end: %d%n", modulith.incomplete());
			}
		}
	}

	/**
	 * Creates a database of the benchmark's own if missing, and empties it.
	 * @return its URL
	 */
	static String resetDatabase(String database) throws SQLException {
		String url = URL.replace("/" + DATABASE + "?", "/" + database + "?");
		String admin = URL.replace("/" + DATABASE + "?", "/postgres?");
		try (Connection connection = DriverManager.getConnection(admin); Statement statement = connection.createStatement()) {
			try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
				if (!exists.next()) {
					statement.execute("CREATE DATABASE " + database);
				}
			}
		}
		try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA public CASCADE");
			statement.execute("CREATE SCHEMA public");
			RawOutbox.createTables(connection);
		}
		return url;
	}

	/** Runs SQL on the server's {@code postgres} database. */
	static void admin(String sql) throws SQLException {
		String admin = URL.replace("/" + DATABASE + "?", "/postgres?");
		try (Connection connection = DriverManager.getConnection(admin); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	static String load() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (Exception ex) {
			return "unknown";
		}
	}

}
