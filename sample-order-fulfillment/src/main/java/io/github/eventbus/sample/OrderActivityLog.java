package io.github.eventbus.sample;

import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;
import io.github.eventbus.sample.OrderEvents.OrderEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/** Logs every order event with its stream, version and position: the events flowing. */
@Component
class OrderActivityLog {

	private static final Logger logger = LoggerFactory.getLogger(OrderActivityLog.class);

	@EventObserver
	void on(Event<OrderEvent> event) {
		logger.info("Event #{} {} on stream {} v{}: {}", event.position(), event.type(), event.streamId(),
				event.version(), event.payload());
	}

}
