package io.github.eventbus.store.jdbc;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.github.eventbus.Event;
import io.github.eventbus.EventMetadata;
import org.jspecify.annotations.Nullable;

/**
 * One atomic append waiting to be written: already serialized on the caller's thread, so the writer only
 * talks to the database. Completed with the stored events or a failure.
 */
final class AppendRequest {

	final @Nullable String streamId;

	final long expectedVersion;

	final List<Pending> events;

	final CompletableFuture<List<Event<?>>> result = new CompletableFuture<>();

	AppendRequest(@Nullable String streamId, long expectedVersion, List<Pending> events) {
		this.streamId = streamId;
		this.expectedVersion = expectedVersion;
		this.events = events;
	}

	/** The stream written to: a new stream named after the first event id when none was given. */
	String stream() {
		return (this.streamId != null) ? this.streamId : this.events.get(0).id.toString();
	}

	/** One event of a request, serialized. */
	static final class Pending {

		final UUID id;

		final Object payload;

		final String typeName;

		final int typeVersion;

		final String json;

		final @Nullable String metadataJson;

		final EventMetadata metadata;

		final long occurredAtMicros;

		Pending(UUID id, Object payload, String typeName, int typeVersion, String json, @Nullable String metadataJson,
				EventMetadata metadata, long occurredAtMicros) {
			this.id = id;
			this.payload = payload;
			this.typeName = typeName;
			this.typeVersion = typeVersion;
			this.json = json;
			this.metadataJson = metadataJson;
			this.metadata = metadata;
			this.occurredAtMicros = occurredAtMicros;
		}

	}

}
