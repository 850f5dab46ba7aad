package io.github.eventbus.benchmarks;

import com.google.common.eventbus.Subscribe;
import io.github.eventbus.EventObserver;

import org.springframework.context.event.EventListener;

/**
 * A no-op observer for the caller's-thread benchmarks, annotated for every library so that each one
 * calls the very same method. The plain counter is the sink: it escapes, so the call cannot be
 * eliminated, and it costs one store, unlike a volatile write that would dominate the direct call.
 */
public class SyncObserver {

	long count;

	@EventObserver
	@EventListener
	@Subscribe
	public void on(OrderPlaced event) {
		this.count++;
	}

}
