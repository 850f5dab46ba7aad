package io.github.eventbus.benchmarks;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.dispatch.ObserverDefinition;
import io.github.eventbus.dispatch.ObserverMethods;
import io.github.eventbus.store.EventStore;

/** Builds the pools and buses the benchmarks share, configured the same way for every alternative. */
final class Fixtures {

	/**
	 * Threads of every pool: one per observer in the fan-out workload. Override with
	 * {@code -jvmArgsAppend -Deventbus.bench.pool-threads=N} to see what the pool size does.
	 */
	static final int POOL_THREADS = Integer.getInteger("eventbus.bench.pool-threads", 4);

	private Fixtures() {
	}

	/** A fixed pool of {@link #POOL_THREADS} daemon threads, the kind Spring's task executors wrap. */
	static ExecutorService pool(String name) {
		AtomicInteger count = new AtomicInteger();
		ThreadFactory threads = (runnable) -> {
			Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		return new ThreadPoolExecutor(POOL_THREADS, POOL_THREADS, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
				threads);
	}

	/** Our bus with no retained store, every observer in {@code mode}. */
	static DefaultEventBus bus(DispatchMode mode, ExecutorService pool, Object... observers) {
		return bus(DispatchSettings.defaults().withDefaultMode(mode), pool, observers);
	}

	static DefaultEventBus bus(DispatchSettings settings, ExecutorService pool, Object... observers) {
		DefaultEventBus bus = new DefaultEventBus(EventStore.none(), pool, settings, (failure) -> {
			throw new IllegalStateException("A benchmark observer failed", failure.exception());
		});
		for (int i = 0; i < observers.length; i++) {
			for (ObserverDefinition definition : ObserverMethods.discover("observer" + i, observers[i])) {
				bus.register(definition);
			}
		}
		return bus;
	}

	static void shutdown(ExecutorService pool) {
		pool.shutdownNow();
		try {
			pool.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static Duration seconds(long seconds) {
		return Duration.ofSeconds(seconds);
	}

}
