package io.github.eventbus.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.github.eventbus.jdbc.JdbcSchema;

/**
 * The databases the JDBC store supports, with the read statements that differ between them. Every
 * statement names its tables through the {@code @@prefix@@} placeholder, replaced by a validated table
 * prefix; {@code @@below@@} stands for the position below which every event is final (see
 * {@link #barrier()}).
 */
enum JdbcDialect {

	/* The head lock makes every committed position final: nothing is ever inserted below it. */
	H2("h2", "9223372036854775807", """
			SELECT COALESCE(MAX(position), 0) FROM @@prefix@@head
			"""),

	/*
	 * Every running transaction writes at or above its own id << 20, and the oldest one's id is the xmin of
	 * the statement's own snapshot: below that, every transaction has ended and its rows are visible.
	 */
	POSTGRESQL("postgresql", """
			(CAST(CAST(pg_snapshot_xmin(pg_current_snapshot()) AS text) AS bigint) << 20)""", """
			SELECT COALESCE(MAX(position), 0) FROM @@prefix@@events WHERE position < @@below@@
			""");

	private static final String READ_ALL = "SELECT " + EventRowMapper.COLUMNS + """
			FROM @@prefix@@events WHERE position >= ? AND position < @@below@@ ORDER BY position LIMIT ?
			""";

	private static final String COUNT_AFTER = """
			SELECT COUNT(*) FROM @@prefix@@events WHERE position > ? AND position < @@below@@
			""";

	private static final String BARRIER = "SELECT @@below@@";

	private final String platform;

	private final String below;

	private final String head;

	JdbcDialect(String platform, String below, String head) {
		this.platform = platform;
		this.below = below;
		this.head = head;
	}

	/** The platform name used in schema file names, {@code schema-<platform>.sql}. */
	String platform() {
		return this.platform;
	}

	/** Events from a position (inclusive), in position order, up to a limit; only final ones. */
	String readAll() {
		return this.withBarrier(READ_ALL);
	}

	/** The highest final position. */
	String head() {
		return this.withBarrier(this.head);
	}

	/** How many final events follow a position. */
	String countAfter() {
		return this.withBarrier(COUNT_AFTER);
	}

	/** The position below which every event is final: committed, visible, and never joined by another. */
	String barrier() {
		return this.withBarrier(BARRIER);
	}

	private String withBarrier(String sql) {
		return sql.replace("@@below@@", this.below);
	}

	static JdbcDialect of(DataSource dataSource) {
		return "postgresql".equals(JdbcSchema.platform(dataSource)) ? POSTGRESQL : H2;
	}

	static JdbcDialect of(Connection connection) throws SQLException {
		return "postgresql".equals(JdbcSchema.platform(connection)) ? POSTGRESQL : H2;
	}

}
