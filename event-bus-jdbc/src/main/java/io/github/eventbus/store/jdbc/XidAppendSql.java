package io.github.eventbus.store.jdbc;

/**
 * The SQL of {@link XidAppendStatement}, one text per shape of round, so each has a plan of its own.
 * Positions are {@code (g << 20) + k} (see {@link XidEventWriter}); stream rows are locked in stream id
 * order, so two rounds never deadlock on each other.
 */
final class XidAppendSql {

	/** The transaction's group and the highest position it holds so far. */
	private static final String GROUP = """
			WITH b AS (
				SELECT g.g, COALESCE((SELECT MAX(e.position) FROM @@prefix@@events e
					WHERE e.position >= g.g << 20 AND e.position < (g.g + 1) << 20), g.g << 20) AS base
				FROM (SELECT GREATEST(CAST(CAST(pg_current_xact_id() AS text) AS bigint),
					COALESCE(CAST(NULLIF(current_setting('eventbus.group_@@prefix@@', true), '') AS bigint), 0)) AS g) g
			)""";

	private static final String POSITION = """
			CASE WHEN b.base + e.ord < (b.g + 1) << 20 THEN b.base + e.ord
				ELSE CAST('more than 1048575 events in one transaction: ' || e.ord AS bigint) END""";

	private static final String COLUMNS = """
			INSERT INTO @@prefix@@events (position, event_id, stream_id, version, type_name, type_version, payload,
				metadata, occurred_at)
			""";

	private static final String VALUES = """
			e.type_name, e.type_version, CAST(e.payload AS jsonb), CAST(e.metadata AS jsonb),
				TIMESTAMPTZ 'epoch' + e.micros * INTERVAL '1 microsecond'
			""";

	/**
	 * Any round: rows of streams (stream id, event count, expected version, ordinal of its last event) and
	 * events (id, stream id or null, place in its row, type name, type version, payload, metadata, micros).
	 */
	static final String ANY = GROUP + """
			, r AS (
				SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS int[]), CAST(? AS bigint[]), CAST(? AS int[]))
					AS r(stream_id, n, expected, last_ord)
			), s AS (
				INSERT INTO @@prefix@@streams AS s (stream_id, version, last_position)
				SELECT r.stream_id, COALESCE(ev.version, 0) + r.n, b.base + r.last_ord
				FROM r CROSS JOIN b
				LEFT JOIN @@prefix@@streams cur ON cur.stream_id = r.stream_id
				LEFT JOIN LATERAL (SELECT e.version, e.position FROM @@prefix@@events e
					WHERE cur.stream_id IS NULL AND e.stream_id = r.stream_id ORDER BY e.version DESC LIMIT 1) ev ON true
				WHERE cur.stream_id IS NOT NULL
					OR (r.expected IN (-1, COALESCE(ev.version, 0)) AND COALESCE(ev.position, 0) < (b.g + 1) << 20)
				ORDER BY r.stream_id
				ON CONFLICT (stream_id) DO UPDATE
					SET version = s.version + (SELECT r2.n FROM r r2 WHERE r2.stream_id = s.stream_id),
						last_position = excluded.last_position
					WHERE (SELECT r2.expected FROM r r2 WHERE r2.stream_id = s.stream_id) IN (-1, s.version)
						AND s.last_position < ((SELECT b.g FROM b) + 1) << 20
				RETURNING s.stream_id, s.version
			)
			""" + COLUMNS + "SELECT " + POSITION + """
			, e.event_id, COALESCE(e.stream_id, CAST(e.event_id AS text)), COALESCE(s.version - r.n + e.idx, 1),
			""" + VALUES + """
			FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS int[]), CAST(? AS text[]), CAST(? AS int[]),
				CAST(? AS text[]), CAST(? AS text[]), CAST(? AS bigint[])) WITH ORDINALITY
				AS e(event_id, stream_id, idx, type_name, type_version, payload, metadata, micros, ord)
			CROSS JOIN b
			LEFT JOIN r ON r.stream_id = e.stream_id
			LEFT JOIN s ON s.stream_id = e.stream_id
			WHERE e.stream_id IS NULL OR s.stream_id IS NOT NULL
			RETURNING event_id, position, version
			""";

	/**
	 * The common round: the events of one stream (stream id, event count, expected version; then the
	 * events' ids, type names, type versions, payloads, metadata, micros).
	 */
	static final String ONE_STREAM = GROUP + """
			, s AS (
				INSERT INTO @@prefix@@streams AS s (stream_id, version, last_position)
				SELECT p.stream_id, COALESCE(ev.version, 0) + p.n, b.base + p.n
				FROM (SELECT CAST(? AS text) AS stream_id, CAST(? AS bigint) AS n, CAST(? AS bigint) AS expected) p
				CROSS JOIN b
				LEFT JOIN @@prefix@@streams cur ON cur.stream_id = p.stream_id
				LEFT JOIN LATERAL (SELECT e.version, e.position FROM @@prefix@@events e
					WHERE cur.stream_id IS NULL AND e.stream_id = p.stream_id ORDER BY e.version DESC LIMIT 1) ev ON true
				WHERE cur.stream_id IS NOT NULL
					OR (p.expected IN (-1, COALESCE(ev.version, 0)) AND COALESCE(ev.position, 0) < (b.g + 1) << 20)
				ON CONFLICT (stream_id) DO UPDATE
					SET version = s.version + CAST(? AS bigint), last_position = excluded.last_position
					WHERE CAST(? AS bigint) IN (-1, s.version) AND s.last_position < ((SELECT b.g FROM b) + 1) << 20
				RETURNING s.stream_id, s.version
			)
			""" + COLUMNS + "SELECT " + POSITION + """
			, e.event_id, s.stream_id, s.version - CAST(? AS bigint) + e.ord,
			""" + VALUES + """
			FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS int[]), CAST(? AS text[]), CAST(? AS text[]),
				CAST(? AS bigint[])) WITH ORDINALITY AS e(event_id, type_name, type_version, payload, metadata, micros, ord)
			CROSS JOIN b CROSS JOIN s
			RETURNING event_id, position, version
			""";

	/**
	 * A round of events that each start a stream of their own, in a transaction of its own (autocommit):
	 * its fresh group holds nothing yet, so no stream row and no lookup is needed (ids, type names, type
	 * versions, payloads, metadata, micros).
	 */
	static final String NEW_STREAMS_ALONE = COLUMNS + """
			SELECT (CAST(CAST(pg_current_xact_id() AS text) AS bigint) << 20) + e.ord, e.event_id,
				CAST(e.event_id AS text), 1,
			""" + VALUES + """
			FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS int[]), CAST(? AS text[]), CAST(? AS text[]),
				CAST(? AS bigint[])) WITH ORDINALITY AS e(event_id, type_name, type_version, payload, metadata, micros, ord)
			RETURNING event_id, position, version
			""";

	private XidAppendSql() {
	}

}
