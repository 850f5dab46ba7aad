package io.github.eventbus.durable;

/**
 * What {@link DurableObservers#reset} did.
 *
 * @param observerId the observer id
 * @param checkpoint the checkpoint every segment was moved to: the observer handles every event after it again
 * @param segments how many segments were moved
 * @param deadLettersCleared how many dead letters of the old run were deleted (0 when they were kept)
 */
public record ResetResult(String observerId, long checkpoint, int segments, int deadLettersCleared) {
}
