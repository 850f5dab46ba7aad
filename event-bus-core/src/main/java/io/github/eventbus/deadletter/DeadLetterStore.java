package io.github.eventbus.deadletter;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Where dead letters are kept: a table ({@code io.github.eventbus.durable.jdbc.JdbcDeadLetterStore}) or
 * memory ({@link #inMemory()}). An SPI for the components that write dead letters; applications use
 * {@link DeadLetters}. Thread-safe; entries are unique per observer and event id (not position: the
 * positions of records from a transport may collide).
 */
public interface DeadLetterStore {

	/**
	 * Adds an entry unless one exists for its observer and event id (a redelivered event keeps its first
	 * entry). An entry is never dropped otherwise: {@code false} means that event is already recorded, and a
	 * failure to write throws.
	 * @param entry the entry; its id is ignored
	 * @return whether it was added; {@code false} if the observer has an entry for that event already
	 */
	boolean add(DeadLetter entry);

	/**
	 * Adds an entry with a copy of its event, for observers whose events do not live in this application's
	 * event store (Kafka records): a replay delivers the copy. Otherwise as {@link #add(DeadLetter)}.
	 * @param entry the entry; its id is ignored
	 * @param eventCopy the event in a form its observer's component can read back, or {@code null}
	 * @return whether it was added
	 */
	boolean add(DeadLetter entry, @Nullable String eventCopy);

	/**
	 * The copy of the event kept with an entry.
	 * @param id the entry id
	 * @return the copy; empty when none was kept
	 */
	Optional<String> eventCopy(long id);

	/**
	 * Replaces the status, failure details, attempts, last failure time and replay flag of an entry.
	 * @param entry the entry, found by id
	 */
	void update(DeadLetter entry);

	/**
	 * Deletes an entry.
	 * @param id the entry id
	 */
	void delete(long id);

	/**
	 * Deletes every entry of an observer, as a reset that clears the old run's dead letters does.
	 * @param observerId the observer id
	 * @return how many entries were deleted
	 * @throws UnsupportedOperationException if this store cannot (the default)
	 */
	default int deleteAll(String observerId) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot delete an observer's entries");
	}

	/**
	 * Finds an entry.
	 * @param id the entry id
	 * @return the entry
	 */
	Optional<DeadLetter> find(long id);

	/**
	 * Lists entries in event position order.
	 * @param observerId the observer, or {@code null} for all
	 * @param offset how many to skip
	 * @param limit the maximum returned
	 * @return the page
	 */
	List<DeadLetter> list(@Nullable String observerId, int offset, int limit);

	/**
	 * The entries of one stream for one observer, in event position order.
	 * @param observerId the observer
	 * @param streamId the stream
	 * @return the entries
	 */
	List<DeadLetter> listStream(String observerId, String streamId);

	/**
	 * The streams an observer must not deliver now: those with a failed or parked entry.
	 * @param observerId the observer
	 * @return each blocked stream id with the lowest event position of its failed or parked entries
	 */
	Map<String, Long> blockedStreams(String observerId);

	/**
	 * Marks entries for replay by the instance running their observer.
	 * @param observerId the observer
	 * @param streamId only this stream, or {@code null} for all
	 * @param id only this entry, or {@code null} for all
	 * @return how many were marked
	 */
	int requestReplay(String observerId, @Nullable String streamId, @Nullable Long id);

	/**
	 * The entries of an observer marked for replay, in event position order.
	 * @param observerId the observer
	 * @param limit the maximum returned
	 * @return the entries
	 */
	List<DeadLetter> replayRequested(String observerId, int limit);

	/**
	 * Counts an observer's entries.
	 * @param observerId the observer
	 * @return the count
	 */
	long count(String observerId);

	/** Dead letters in memory, lost on restart: for tests and applications without a database. */
	static DeadLetterStore inMemory() {
		return new InMemoryDeadLetterStore();
	}

}
