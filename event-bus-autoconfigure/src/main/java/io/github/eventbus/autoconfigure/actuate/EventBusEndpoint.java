package io.github.eventbus.autoconfigure.actuate;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetters;
import io.github.eventbus.dispatch.ObserverDefinition;
import io.github.eventbus.dispatch.ObserverRegistry;
import io.github.eventbus.dispatch.ObserverSnapshot;
import io.github.eventbus.durable.DurableObserverStatus;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.ResetTarget;
import io.github.eventbus.store.EventStore;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code eventbus} actuator endpoint: every observer with its mailbox or checkpoint, lag, dead
 * letters and owner; the store; one observer's dead letters, a page at a time; and, when the endpoint's
 * access is {@code unrestricted}, replaying and discarding dead letters.
 * <ul>
 * <li>{@code GET /actuator/eventbus}: the store and every observer</li>
 * <li>{@code GET /actuator/eventbus/{observer}}: one observer</li>
 * <li>{@code GET /actuator/eventbus/{observer}/dead-letters?page=0&size=20}: its dead letters</li>
 * <li>{@code POST /actuator/eventbus/{observer}/dead-letters} with {@code {"id": n}},
 * {@code {"stream": "s"}} or {@code {}}: replays that entry's stream, that stream, or every entry</li>
 * <li>{@code DELETE /actuator/eventbus/{observer}/dead-letters/{id}}: discards one entry</li>
 * <li>{@code POST /actuator/eventbus/{observer}/reset} with {@code {}} (the beginning),
 * {@code {"position": n}} or {@code {"time": "2026-12-01T00:00:00Z"}}, and {@code "clearDeadLetters": true} to
 * delete the old run's dead letters: moves a durable observer's checkpoints there on every instance
 * ({@link DurableObservers#reset}); 409 when another reset of it runs or it did not pause in time</li>
 * </ul>
 * Read-only by default: write operations need {@code management.endpoint.eventbus.access=unrestricted}.
 */
@Endpoint(id = "eventbus", defaultAccess = Access.READ_ONLY)
public class EventBusEndpoint {

	static final String DEAD_LETTERS = "dead-letters";

	static final String RESET = "reset";

	private static final int DEFAULT_PAGE_SIZE = 20;

	private static final int MAX_PAGE_SIZE = 500;

	private final ObjectProvider<ObserverRegistry> registry;

	private final ObjectProvider<EventStore> store;

	private final ObserverCatalog catalog;

	private final ObjectProvider<DurableObservers> durableObservers;

	private final ObjectProvider<DeadLetters> deadLetters;

	public EventBusEndpoint(ObjectProvider<ObserverRegistry> registry, ObjectProvider<EventStore> store,
			ObserverCatalog catalog, ObjectProvider<DurableObservers> durableObservers,
			ObjectProvider<DeadLetters> deadLetters) {
		this.registry = registry;
		this.store = store;
		this.catalog = catalog;
		this.durableObservers = durableObservers;
		this.deadLetters = deadLetters;
	}

	@ReadOperation
	public EventBusDescriptor eventBus() {
		Statuses statuses = statuses();
		Map<String, ObserverSnapshot> snapshots = snapshots();
		List<ObserverDescriptor> observers = new ArrayList<>();
		for (ObserverDefinition definition : this.catalog.observers()) {
			observers.add(describe(definition, snapshots, statuses));
		}
		return new EventBusDescriptor(store(statuses), observers);
	}

	@ReadOperation
	public @Nullable ObserverDescriptor observer(@Selector String observer) {
		ObserverDefinition definition = this.catalog.find(observer);
		return (definition != null) ? describe(definition, snapshots(), statuses()) : null;
	}

	@ReadOperation
	public @Nullable DeadLettersPage deadLetters(@Selector String observer, @Selector String section,
			@Nullable Integer page, @Nullable Integer size) {
		DeadLetters deadLetters = this.deadLetters.getIfUnique();
		if (!DEAD_LETTERS.equals(section) || this.catalog.find(observer) == null || deadLetters == null) {
			return null;
		}
		int pageNumber = Math.max(0, (page != null) ? page : 0);
		int pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, (size != null) ? size : DEFAULT_PAGE_SIZE));
		List<DeadLetterDescriptor> entries = deadLetters.list(observer, pageNumber * pageSize, pageSize)
			.stream()
			.map(DeadLetterDescriptor::of)
			.toList();
		return new DeadLettersPage(observer, pageNumber, pageSize, entries);
	}

	/**
	 * Replays dead letters ({@code dead-letters}) or resets a durable observer ({@code reset}).
	 * @param observer the observer id
	 * @param section {@code dead-letters} or {@code reset}
	 * @param id for a replay: the entry whose stream is replayed
	 * @param stream for a replay: the stream replayed
	 * @param position for a reset: the first position handled again
	 * @param time for a reset: events that occurred from this ISO-8601 instant on are handled again
	 * @param clearDeadLetters for a reset: whether the old run's dead letters are deleted
	 * @return what was done
	 */
	@WriteOperation
	public WebEndpointResponse<?> replay(@Selector String observer, @Selector String section, @Nullable Long id,
			@Nullable String stream, @Nullable Long position, @Nullable String time,
			@Nullable Boolean clearDeadLetters) {
		if (RESET.equals(section)) {
			return reset(observer, position, time, Boolean.TRUE.equals(clearDeadLetters));
		}
		DeadLetters deadLetters = this.deadLetters.getIfUnique();
		if (!DEAD_LETTERS.equals(section) || this.catalog.find(observer) == null || deadLetters == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		int marked;
		if (id != null) {
			Optional<DeadLetter> entry = deadLetters.find(id).filter((found) -> found.observerId().equals(observer));
			if (entry.isEmpty()) {
				return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
			}
			marked = deadLetters.replay(id);
		}
		else if (stream != null) {
			marked = deadLetters.replayStream(observer, stream);
		}
		else {
			marked = deadLetters.replayAll(observer);
		}
		return new WebEndpointResponse<>(new ReplayDescriptor(observer, marked));
	}

	private WebEndpointResponse<?> reset(String observer, @Nullable Long position, @Nullable String time,
			boolean clearDeadLetters) {
		DurableObservers durable = this.durableObservers.getIfUnique();
		if (durable == null || durable.status(observer).isEmpty()) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		ResetTarget target;
		try {
			target = (position != null) ? ResetTarget.position(position)
					: (time != null) ? ResetTarget.time(Instant.parse(time)) : ResetTarget.beginning();
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			return new WebEndpointResponse<>(new ResetFailure(observer, ex.getMessage()),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		try {
			return new WebEndpointResponse<>(durable.reset(observer, target, clearDeadLetters));
		}
		catch (IllegalStateException ex) {
			return new WebEndpointResponse<>(new ResetFailure(observer, ex.getMessage()), 409);
		}
	}

	@DeleteOperation
	public WebEndpointResponse<DiscardDescriptor> discard(@Selector String observer, @Selector String section,
			@Selector long id) {
		DeadLetters deadLetters = this.deadLetters.getIfUnique();
		if (!DEAD_LETTERS.equals(section) || deadLetters == null
				|| deadLetters.find(id).filter((found) -> found.observerId().equals(observer)).isEmpty()) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		return new WebEndpointResponse<>(new DiscardDescriptor(observer, id, deadLetters.discard(id)));
	}

	private StoreDescriptor store(Statuses statuses) {
		EventStore store = this.store.getIfUnique();
		if (store == null) {
			return new StoreDescriptor("none", null, "No EventStore bean");
		}
		try {
			return new StoreDescriptor(StoreTypes.of(store), store.headPosition(), statuses.error);
		}
		catch (RuntimeException ex) {
			return new StoreDescriptor(StoreTypes.of(store), null, String.valueOf(ex.getMessage()));
		}
	}

	private Map<String, ObserverSnapshot> snapshots() {
		ObserverRegistry registry = this.registry.getIfUnique();
		Map<String, ObserverSnapshot> snapshots = new HashMap<>();
		if (registry != null) {
			for (ObserverSnapshot snapshot : registry.observers()) {
				snapshots.put(snapshot.id(), snapshot);
			}
		}
		return snapshots;
	}

	private Statuses statuses() {
		DurableObservers durable = this.durableObservers.getIfUnique();
		Map<String, DurableObserverStatus> byId = new HashMap<>();
		if (durable == null) {
			return new Statuses(byId, null);
		}
		try {
			for (DurableObserverStatus status : durable.statuses()) {
				byId.put(status.observerId(), status);
			}
			return new Statuses(byId, null);
		}
		catch (RuntimeException ex) {
			return new Statuses(byId, "Durable observer status unavailable: " + ex.getMessage());
		}
	}

	private ObserverDescriptor describe(ObserverDefinition definition, Map<String, ObserverSnapshot> snapshots,
			Statuses statuses) {
		ObserverSnapshot snapshot = snapshots.get(definition.id());
		DurableObserverStatus status = statuses.byId.get(definition.id());
		ObserverRegistry registry = this.registry.getIfUnique();
		String method = definition.method().getName() + "(" + definition.method().getParameterTypes()[0].getSimpleName()
				+ ")";
		if (snapshot != null) {
			String state = (registry != null && registry.isAccepting()) ? "RUNNING" : "STOPPED";
			return new ObserverDescriptor(definition.id(), definition.beanName(), method,
					definition.payloadType().getName(), snapshot.mode(), false, definition.concurrency(), state,
					snapshot.queued(), snapshot.dropped(), null, null, null, null, null);
		}
		boolean durable = status != null || this.durableObservers.getIfUnique() != null;
		return new ObserverDescriptor(definition.id(), definition.beanName(), method,
				definition.payloadType().getName(), definition.mode(), durable, definition.concurrency(),
				(status != null) ? status.state().name() : "UNKNOWN", null, null,
				(status != null) ? status.checkpoint() : null, (status != null) ? status.lag() : null,
				(status != null) ? status.pendingDeadLetters() : null, (status != null) ? status.owner() : null,
				(status != null) ? status.segments().stream().map(SegmentDescriptor::of).toList() : null);
	}

	private record Statuses(Map<String, DurableObserverStatus> byId, @Nullable String error) {
	}

	/**
	 * The whole bus.
	 * @param store the event store
	 * @param observers every observer, by id
	 */
	public record EventBusDescriptor(StoreDescriptor store, List<ObserverDescriptor> observers) {
	}

	/**
	 * The event store.
	 * @param type {@code jdbc}, {@code memory}, {@code none} or a class name
	 * @param headPosition its highest position, {@code null} when it cannot be read
	 * @param error why something could not be read
	 */
	public record StoreDescriptor(String type, @Nullable Long headPosition, @Nullable String error) {
	}

	/**
	 * One observer. Mailbox fields are set for in-memory observers, checkpoint fields for durable ones.
	 * @param id the observer id
	 * @param bean the bean name
	 * @param method the method name and parameter type
	 * @param payloadType the payload type observed
	 * @param mode the dispatch mode (for a durable observer: the one set on the annotation, if any)
	 * @param durable whether it is fed from the store behind a checkpoint
	 * @param concurrency its lanes
	 * @param state {@code RUNNING}, {@code RETRYING}, {@code STANDBY} or {@code STOPPED}
	 * @param mailboxSize events queued in its mailboxes
	 * @param dropped events dropped by a full mailbox
	 * @param checkpoint the position handled up to
	 * @param lag positions behind the store head
	 * @param deadLetters its pending dead letters
	 * @param owner the instance running it (with several segments: the instances running any of them)
	 * @param segments a durable observer's segments
	 */
	public record ObserverDescriptor(String id, String bean, String method, String payloadType,
			@Nullable DispatchMode mode, boolean durable, int concurrency, String state, @Nullable Integer mailboxSize,
			@Nullable Long dropped, @Nullable Long checkpoint, @Nullable Long lag, @Nullable Long deadLetters,
			@Nullable String owner, @Nullable List<SegmentDescriptor> segments) {
	}

	/**
	 * One segment of a durable observer.
	 * @param segment the segment, from 0
	 * @param name its checkpoint and lease name
	 * @param owner the instance holding its lease, {@code null} when none does
	 * @param checkpoint the position handled up to, -1 before its first run
	 * @param lag events stored after its checkpoint (of every segment: an upper bound)
	 */
	public record SegmentDescriptor(int segment, String name, @Nullable String owner, long checkpoint, long lag) {

		static SegmentDescriptor of(DurableObserverStatus.SegmentStatus status) {
			return new SegmentDescriptor(status.segment(), status.name(), status.owner(), status.checkpoint(),
					status.lag());
		}

	}

	/**
	 * Why a reset was refused.
	 * @param observer the observer id
	 * @param error the reason
	 */
	public record ResetFailure(String observer, @Nullable String error) {
	}

	/**
	 * A page of an observer's dead letters, in event position order.
	 * @param observer the observer id
	 * @param page the page number, from 0
	 * @param size the page size
	 * @param deadLetters the entries
	 */
	public record DeadLettersPage(String observer, int page, int size, List<DeadLetterDescriptor> deadLetters) {
	}

	/** One dead letter, without its stack trace. */
	public record DeadLetterDescriptor(long id, long eventPosition, UUID eventId, String streamId, String eventType,
			DeadLetter.Status status, @Nullable Long blockedBy, @Nullable String exceptionClass,
			@Nullable String message, int attempts, Instant firstFailureAt, Instant lastFailureAt,
			boolean replayRequested) {

		static DeadLetterDescriptor of(DeadLetter entry) {
			return new DeadLetterDescriptor(entry.id(), entry.eventPosition(), entry.eventId(), entry.streamId(),
					entry.eventType(), entry.status(), entry.blockedBy(), entry.exceptionClass(), entry.message(),
					entry.attempts(), entry.firstFailureAt(), entry.lastFailureAt(), entry.replayRequested());
		}

	}

	/**
	 * What a replay marked.
	 * @param observer the observer id
	 * @param marked how many entries were marked for replay
	 */
	public record ReplayDescriptor(String observer, int marked) {
	}

	/**
	 * What a discard did.
	 * @param observer the observer id
	 * @param id the entry id
	 * @param discarded whether it existed
	 */
	public record DiscardDescriptor(String observer, long id, boolean discarded) {
	}

}
