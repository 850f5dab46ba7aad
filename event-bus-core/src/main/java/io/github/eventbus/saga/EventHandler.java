package io.github.eventbus.saga;

/**
 * A {@link SagaEventHandler} method of a saga with the association it reads from its events.
 * @param handler the method
 * @param key the association key
 * @param reader reads the association's value from a payload
 * @param start whether an event it handles starts an instance ({@link StartSaga})
 */
record EventHandler(HandlerMethod handler, String key, AssociationReader reader, boolean start) {

}
