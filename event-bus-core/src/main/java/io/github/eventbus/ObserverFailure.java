package io.github.eventbus;

/**
 * One failed attempt of one observer on one event.
 *
 * @param observerId the id of the observer ({@link EventObserver#id()})
 * @param event the event the observer failed on
 * @param exception what the observer threw
 * @param attempt the attempt number, from 1
 */
public record ObserverFailure(String observerId, Event<?> event, Throwable exception, int attempt) {

}
