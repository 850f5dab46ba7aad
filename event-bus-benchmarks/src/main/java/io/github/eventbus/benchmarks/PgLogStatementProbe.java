package io.github.eventbus.benchmarks;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Counts the SQL statements each workload of {@link PgLogInterleavedCheck} sends per call, from the server's
 * own log: {@code log_statement = 'all'} is set on a database of the probe's own
 * ({@code eventbus_pgbench_probe}) for the probe's connections only, each workload runs {@value #CALLS} times
 * on one thread between two marker queries, and the log lines of that database between the markers are
 * grouped by statement text. A statement is not a round trip: pgjdbc sends {@code BEGIN} with the statement
 * after it, and a batch in one message.
 * <p>
 * Usage: {@code java -cp benchmarks.jar io.github.eventbus.benchmarks.PgLogStatementProbe [server log]}
 * (default {@code /var/log/postgresql/postgresql-15-main.log}, readable by the user running the probe).
 */
public final class PgLogStatementProbe {

	static final String DATABASE = "eventbus_pgbench_probe";

	static final int CALLS = 50;

	private PgLogStatementProbe() {
	}

	public static void main(String[] args) throws Exception {
		Path log = Path.of((args.length > 0) ? args[0] : "/var/log/postgresql/postgresql-15-main.log");
		String url = PgLogInterleavedCheck.resetDatabase(DATABASE);
		PgLogInterleavedCheck.admin("ALTER DATABASE " + DATABASE + " SET log_statement = 'all'");
		List<OrderPlaced> batch = new ArrayList<>();
		for (int i = 0; i < PgLogInterleavedCheck.BATCH; i++) {
			batch.add(new OrderPlaced(i, "SKU-1"));
		}
		Map<String, Interleaved.Op> workloads = new LinkedHashMap<>();
		long offset;
		try (OutboxApplication ours = new OutboxApplication(url); RawOutbox raw = new RawOutbox(url, 1);
				Connection marker = DriverManager.getConnection(url); Statement markers = marker.createStatement()) {
			workloads.put("busTx", (t, s) -> ours.businessTransaction(0));
			workloads.put("rawTx", (t, s) -> raw.businessTransaction(t, 0));
			workloads.put("busNamed", ours::publishNamed);
			workloads.put("busNew", (t, s) -> ours.publishNew());
			workloads.put("rawInsertCommit", (t, s) -> raw.insertCommit(t));
			workloads.put("busPublishAll100", (t, s) -> ours.publishAll(t, s, batch));
			workloads.put("rawBatch100", (t, s) -> raw.batch(t, PgLogInterleavedCheck.BATCH));
			for (Interleaved.Op op : workloads.values()) {
				op.run(0, 0);
			}
			offset = Files.size(log);
			for (Map.Entry<String, Interleaved.Op> workload : workloads.entrySet()) {
				markers.execute("SELECT 'probe-start " + workload.getKey() + "'");
				for (int i = 1; i <= CALLS; i++) {
					workload.getValue().run(0, i);
				}
				markers.execute("SELECT 'probe-end " + workload.getKey() + "'");
			}
		}
		finally {
			PgLogInterleavedCheck.admin("ALTER DATABASE " + DATABASE + " RESET log_statement");
		}
		report(entries(log, offset));
	}

	/** The log entries of the probe's database from {@code offset} on, continuation lines joined. */
	static List<String> entries(Path log, long offset) throws IOException {
		List<String> entries = new ArrayList<>();
		try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
			file.seek(offset);
			byte[] bytes = new byte[(int) (file.length() - offset)];
			file.readFully(bytes);
			StringBuilder entry = null;
			for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
				if (line.matches("^\\d{4}-\\d\\d-\\d\\d .*")) {
					if (entry != null) {
						entries.add(entry.toString());
					}
					entry = line.contains("@" + DATABASE + " LOG:") ? new StringBuilder(line) : null;
				}
				else if (entry != null) {
					entry.append(' ').append(line.trim());
				}
			}
			if (entry != null) {
				entries.add(entry.toString());
			}
		}
		return entries;
	}

	static void report(List<String> entries) {
		@Nullable String current = null;
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (String entry : entries) {
			String sql = entry.replaceFirst("^.*? LOG:\\s+(statement|execute [^:]*): ", "").replaceAll("\\s+", " ");
			if (sql.startsWith("SELECT 'probe-start ")) {
				current = sql.substring("SELECT 'probe-start ".length(), sql.length() - 1);
				counts.clear();
			}
			else if (sql.startsWith("SELECT 'probe-end ")) {
				int total = counts.values().stream().mapToInt(Integer::intValue).sum();
				System.out.printf(Locale.ROOT, "%s: %.2f statements per call%n", current, total / (double) CALLS);
				counts.forEach((text, count) -> System.out.printf(Locale.ROOT, "  %6.2f  %s%n", count / (double) CALLS,
						(text.length() > 220) ? text.substring(0, 220) + "..." : text));
				current = null;
			}
			else if (current != null && !entry.contains(" LOG:  duration")) {
				counts.merge(sql, 1, Integer::sum);
			}
		}
	}

}
