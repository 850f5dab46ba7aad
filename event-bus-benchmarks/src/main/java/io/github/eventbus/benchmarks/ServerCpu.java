package io.github.eventbus.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * CPU time of the PostgreSQL backends serving one database, read from {@code /proc/<pid>/stat} (the server
 * runs on this machine): user + system time of every client backend connected to it, except the one asking
 * (autovacuum workers are left out: they run whenever they like, not for the workload being timed).
 * Clock ticks of 10 ms, so meaningful over runs of seconds. Returns 0 where {@code /proc} is not readable.
 */
final class ServerCpu implements Interleaved.CpuClock, AutoCloseable {

	private static final long NANOS_PER_TICK = 10_000_000L;

	private final Connection connection;

	private final PreparedStatement backends;

	ServerCpu(String url, String database) throws SQLException {
		this.connection = DriverManager.getConnection(url);
		this.backends = this.connection.prepareStatement(
				"SELECT pid FROM pg_stat_activity WHERE datname = ? AND backend_type = 'client backend'"
						+ " AND pid <> pg_backend_pid()");
		this.backends.setString(1, database);
	}

	@Override
	public long nanos() {
		long ticks = 0;
		try (ResultSet pids = this.backends.executeQuery()) {
			while (pids.next()) {
				ticks += ticks(pids.getInt(1));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return ticks * NANOS_PER_TICK;
	}

	private static long ticks(int pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// after the command: state is field 3 of stat(5), utime 14 and stime 15
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (Exception ex) {
			return 0;
		}
	}

	@Override
	public void close() throws SQLException {
		this.connection.close();
	}

}
