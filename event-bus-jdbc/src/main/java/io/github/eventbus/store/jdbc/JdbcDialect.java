package io.github.eventbus.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import io.github.eventbus.jdbc.JdbcSchema;

/**
 * The databases the JDBC store supports, with the statements that differ between them. Every statement
 * names its tables through the {@code @@prefix@@} placeholder, replaced by a validated table prefix.
 */
enum JdbcDialect {

	/*
	 * H2 finds the versions through the (stream_id, version) index with an IN list of one placeholder per
	 * stream, not with an array parameter.
	 */
	H2("h2", """
			SELECT position FROM FINAL TABLE (UPDATE @@prefix@@head SET position = position + ? WHERE id = 1)
			""", """
			SELECT stream_id, MAX(version) FROM @@prefix@@events WHERE stream_id IN (@@ids@@) GROUP BY stream_id
			""", """
			INSERT INTO @@prefix@@events (position, event_id, stream_id, version, type_name, type_version, payload,
				metadata, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			"""),

	/*
	 * The version lookup reads one maximum per stream through the (stream_id, version) index, so its cost
	 * does not grow with the length of the streams.
	 */
	POSTGRESQL("postgresql", """
			UPDATE @@prefix@@head SET position = position + ? WHERE id = 1 RETURNING position
			""", """
			SELECT s.stream_id, (SELECT MAX(e.version) FROM @@prefix@@events e WHERE e.stream_id = s.stream_id)
			FROM unnest(CAST(? AS text[])) AS s(stream_id)
			""", """
			INSERT INTO @@prefix@@events (position, event_id, stream_id, version, type_name, type_version, payload,
				metadata, occurred_at) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?)
			""");

	private final String platform;

	private final String allocate;

	private final String currentVersions;

	private final String insert;

	JdbcDialect(String platform, String allocate, String currentVersions, String insert) {
		this.platform = platform;
		this.allocate = allocate;
		this.currentVersions = currentVersions;
		this.insert = insert;
	}

	/** The platform name used in schema file names, {@code schema-<platform>.sql}. */
	String platform() {
		return this.platform;
	}

	/** Adds the parameter to the head position and returns the new head; locks the head until commit. */
	String allocate() {
		return this.allocate;
	}

	/** Stream id and current version of every existing stream among an array of stream ids. */
	String currentVersions() {
		return this.currentVersions;
	}

	/** Inserts one event. */
	String insert() {
		return this.insert;
	}

	/** Whether {@link #currentVersions()} takes one array parameter rather than an {@code @@ids@@} list. */
	boolean bindsStreamIdsAsArray() {
		return this == POSTGRESQL;
	}

	static JdbcDialect of(Connection connection) throws SQLException {
		return "postgresql".equals(JdbcSchema.platform(connection)) ? POSTGRESQL : H2;
	}

}
