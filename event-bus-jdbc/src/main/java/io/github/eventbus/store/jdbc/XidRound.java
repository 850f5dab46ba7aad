package io.github.eventbus.store.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.eventbus.store.EventStore;
import org.jspecify.annotations.Nullable;

/**
 * The requests one {@link XidAppendStatement} writes: at most one row per named stream, since a statement
 * can advance a stream row only once. A row carries one request that may have an expected version,
 * followed by the requests to the same stream that have none; a second request with an expected version
 * for a stream already in the round waits for the next round ({@link #deferred()}). Items are the events
 * in request order; their ordinal in the round is their offset within the transaction's group.
 */
final class XidRound {

	private final List<Row> rows = new ArrayList<>();

	private final List<Item> items = new ArrayList<>();

	private final List<Integer> deferred = new ArrayList<>();

	private XidRound() {
	}

	/**
	 * Builds a round.
	 * @param requests the batch
	 * @param pending indexes into {@code requests} still to write, in order
	 */
	static XidRound of(List<AppendRequest> requests, List<Integer> pending) {
		XidRound round = new XidRound();
		Map<String, Row> byStream = new LinkedHashMap<>();
		for (int index : pending) {
			AppendRequest request = requests.get(index);
			if (request.streamId == null && request.events.size() == 1) {
				round.items.add(new Item(request.events.get(0), null, 0, index));
				continue;
			}
			String stream = request.stream();
			Row row = byStream.get(stream);
			if (row == null) {
				row = new Row(stream, request.expectedVersion);
				byStream.put(stream, row);
				round.rows.add(row);
			}
			else if (request.expectedVersion != EventStore.ANY_VERSION) {
				round.deferred.add(index);
				continue;
			}
			row.requests.add(index);
			for (AppendRequest.Pending event : request.events) {
				row.count++;
				round.items.add(new Item(event, stream, row.count, index));
				row.lastOrdinal = round.items.size();
			}
		}
		return round;
	}

	List<Row> rows() {
		return this.rows;
	}

	List<Item> items() {
		return this.items;
	}

	List<Integer> deferred() {
		return this.deferred;
	}

	/** One named stream of the round. */
	static final class Row {

		private final String streamId;

		private final long expectedVersion;

		final List<Integer> requests = new ArrayList<>(1);

		private int count;

		private int lastOrdinal;

		Row(String streamId, long expectedVersion) {
			this.streamId = streamId;
			this.expectedVersion = expectedVersion;
		}

		String streamId() {
			return this.streamId;
		}

		long expectedVersion() {
			return this.expectedVersion;
		}

		/** Events of the row. */
		int count() {
			return this.count;
		}

		/** Ordinal (from 1) of the row's last event in the round. */
		int lastOrdinal() {
			return this.lastOrdinal;
		}

	}

	/**
	 * One event of the round.
	 * @param pending the event
	 * @param streamId its stream, {@code null} for an event that starts a stream of its own
	 * @param index its place in its row (from 1), 0 without a stream
	 * @param request index of its request in the batch
	 */
	record Item(AppendRequest.Pending pending, @Nullable String streamId, int index, int request) {
	}

}
