package io.github.eventbus.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

import com.google.common.eventbus.Subscribe;
import com.lmax.disruptor.EventHandler;
import io.github.eventbus.EventObserver;

import org.springframework.context.event.EventListener;

/**
 * A no-op observer for the pool benchmarks, annotated for every library. It counts atomically because
 * Spring's multicaster may call it from several pool threads at once; the publisher waits on the count.
 */
public class AsyncObserver implements EventHandler<AsyncObserver.Slot> {

	final AtomicLong handled = new AtomicLong();

	@EventObserver
	@EventListener
	@Subscribe
	public void on(OrderPlaced event) {
		this.handled.incrementAndGet();
	}

	@Override
	public void onEvent(Slot slot, long sequence, boolean endOfBatch) {
		on(slot.payload);
	}

	/** Waits, yielding the CPU, until every observer has handled {@code target} events. */
	static void awaitAll(AsyncObserver[] observers, long target) {
		for (AsyncObserver observer : observers) {
			while (observer.handled.get() < target) {
				Thread.yield();
			}
		}
	}

	/** A Disruptor ring entry. */
	public static final class Slot {

		OrderPlaced payload = OrderPlaced.SAMPLE;

	}

}
