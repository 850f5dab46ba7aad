package io.github.eventbus.durable;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.eventbus.Event;
import io.github.eventbus.EventMetadata;
import io.github.eventbus.durable.Events.OrderPlaced;
import io.github.eventbus.store.EventIds;
import io.github.eventbus.store.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A minimal event store in a PostgreSQL table for the crash test, which needs events that outlive a
 * JVM. Stands in for the JDBC event store built elsewhere; only {@link OrderPlaced} payloads, one writer.
 */
final class PostgresTestEventStore implements EventStore {

	private final JdbcTemplate jdbc;

	private final String table;

	PostgresTestEventStore(DataSource dataSource, String table) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.table = table;
	}

	void createTable() {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS " + this.table + " (position BIGINT PRIMARY KEY,"
				+ " id VARCHAR(36) NOT NULL, stream_id VARCHAR(255) NOT NULL, version BIGINT NOT NULL,"
				+ " order_id VARCHAR(255) NOT NULL, number INT NOT NULL, occurred_at BIGINT NOT NULL)");
	}

	@Override
	public synchronized List<Event<?>> append(String streamId, long expectedVersion, List<?> payloads,
			EventMetadata metadata) {
		long position = headPosition();
		Long current = this.jdbc.queryForObject(
				"SELECT COALESCE(MAX(version), 0) FROM " + this.table + " WHERE stream_id = ?", Long.class, streamId);
		long version = (current != null) ? current : 0;
		List<Event<?>> events = new ArrayList<>();
		List<Object[]> rows = new ArrayList<>();
		for (Object payload : payloads) {
			OrderPlaced order = (OrderPlaced) payload;
			Event<OrderPlaced> event = new Event<>(EventIds.next(), streamId, ++version, ++position, "OrderPlaced",
					order, EventMetadata.empty(), EventIds.nowMicros());
			events.add(event);
			rows.add(new Object[] { event.position(), event.id().toString(), streamId, event.version(),
					order.orderId(), order.number(), event.occurredAtMicros() });
		}
		this.jdbc.batchUpdate("INSERT INTO " + this.table
				+ " (position, id, stream_id, version, order_id, number, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
				rows);
		return events;
	}

	@Override
	public List<Event<?>> readStream(String streamId) {
		return this.jdbc.query("SELECT * FROM " + this.table + " WHERE stream_id = ? ORDER BY version",
				(rs, row) -> map(rs), streamId);
	}

	@Override
	public List<Event<?>> readAll(long fromPosition, int limit) {
		return this.jdbc.query("SELECT * FROM " + this.table + " WHERE position >= ? ORDER BY position LIMIT ?",
				(rs, row) -> map(rs), fromPosition, limit);
	}

	@Override
	public long headPosition() {
		Long head = this.jdbc.queryForObject("SELECT COALESCE(MAX(position), 0) FROM " + this.table, Long.class);
		return (head != null) ? head : 0;
	}

	private static Event<?> map(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Event<>(UUID.fromString(rs.getString("id")), rs.getString("stream_id"), rs.getLong("version"),
				rs.getLong("position"), "OrderPlaced", new OrderPlaced(rs.getString("order_id"), rs.getInt("number")),
				EventMetadata.empty(), rs.getLong("occurred_at"));
	}

}
