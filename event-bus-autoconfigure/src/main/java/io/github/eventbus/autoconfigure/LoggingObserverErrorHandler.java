package io.github.eventbus.autoconfigure;

import io.github.eventbus.Event;
import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.ObserverFailure;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The default {@link ObserverErrorHandler}: logs each failure at error level with the observer id, the
 * event id and the exception, so that no failure goes unseen. Thread-safe.
 */
final class LoggingObserverErrorHandler implements ObserverErrorHandler {

	private static final Log logger = LogFactory.getLog(LoggingObserverErrorHandler.class);

	@Override
	public void handle(ObserverFailure failure) {
		Event<?> event = failure.event();
		logger.error("Observer '" + failure.observerId() + "' failed on event " + event.id() + " (" + event.type()
				+ ", stream " + event.streamId() + " version " + event.version() + "), attempt " + failure.attempt(),
				failure.exception());
	}

}
