package io.github.eventbus.deadletter;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One event an observer has not handled: because it failed on it ({@link Status#FAILED}), because an
 * earlier event of the same stream failed ({@link Status#PARKED}, order is never broken), or because the
 * store could not read it ({@link Status#UNREADABLE}). The event itself stays in the event store; this
 * entry points at it by position and id.
 *
 * @param id the entry id, assigned by the store
 * @param observerId the observer
 * @param eventPosition the event's global position
 * @param eventId the event id
 * @param streamId the event's stream
 * @param eventType the event's stable type name
 * @param status why it is here
 * @param blockedBy for a parked entry, the position of the failed event it waits behind
 * @param exceptionClass the last failure's exception class, {@code null} for a parked entry
 * @param message the last failure's message
 * @param stackTrace the last failure's stack trace
 * @param attempts how many attempts failed, replays included
 * @param firstFailureAt when the first attempt failed (for a parked entry: when it was parked)
 * @param lastFailureAt when the last attempt failed (or it was parked)
 * @param replayRequested whether a replay was requested and has not run yet
 */
public record DeadLetter(long id, String observerId, long eventPosition, UUID eventId, String streamId,
		String eventType, Status status, @Nullable Long blockedBy, @Nullable String exceptionClass,
		@Nullable String message, @Nullable String stackTrace, int attempts, Instant firstFailureAt,
		Instant lastFailureAt, boolean replayRequested) {

	/** Why an entry is a dead letter. */
	public enum Status {

		/** The observer failed on this event on its last attempt. */
		FAILED,

		/** Waits behind a failed event of the same stream. */
		PARKED,

		/** The store could not read the event (unknown type, malformed payload). */
		UNREADABLE

	}

	/** This entry with a new status, failure and replay flag (id and event unchanged). */
	public DeadLetter withFailure(Status status, @Nullable Long blockedBy, @Nullable String exceptionClass,
			@Nullable String message, @Nullable String stackTrace, int attempts, Instant lastFailureAt) {
		return new DeadLetter(this.id, this.observerId, this.eventPosition, this.eventId, this.streamId,
				this.eventType, status, blockedBy, exceptionClass, message, stackTrace, attempts, this.firstFailureAt,
				lastFailureAt, false);
	}

}
