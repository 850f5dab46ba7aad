package io.github.eventbus.autoconfigure.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The PostgreSQL server on 127.0.0.1:5432 (database {@code test}) that the wake-up tests need: notifications
 * go through a real server. Each test class names its tables with a prefix of its own and drops them after.
 */
public final class PostgresServer {

	/** The server's URL. */
	public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=2";

	private PostgresServer() {
	}

	/**
	 * A table prefix no other run uses.
	 * @param name names the test
	 * @return the prefix
	 */
	public static String uniquePrefix(String name) {
		return name + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xFFFFF)) + "_";
	}

	/** Runs a statement on a connection of its own. */
	public static void execute(String sql) {
		try (Connection connection = DriverManager.getConnection(URL); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Drops every table whose name starts with the prefix. */
	public static void dropTables(String prefix) {
		try (Connection connection = DriverManager.getConnection(URL); Statement statement = connection.createStatement()) {
			List<String> tables = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery(
					"SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND starts_with(tablename, '"
							+ prefix + "')")) {
				while (rows.next()) {
					tables.add(rows.getString(1));
				}
			}
			for (String table : tables) {
				statement.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Terminates every session listening on the channel, as a network failure or a restarted server would.
	 * @return how many were terminated
	 */
	/** The server processes of the connections listening on a channel. */
	public static Set<Integer> listenerPids(String channel) {
		try (Connection connection = DriverManager.getConnection(URL); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE query = 'LISTEN \""
						+ channel + "\"' AND pid <> pg_backend_pid()")) {
			Set<Integer> pids = new HashSet<>();
			while (rows.next()) {
				pids.add(rows.getInt(1));
			}
			return pids;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static int killListeners(String channel) {
		try (Connection connection = DriverManager.getConnection(URL); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
						+ " WHERE query = 'LISTEN \"" + channel + "\"' AND pid <> pg_backend_pid()")) {
			rows.next();
			return rows.getInt(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
