package io.github.eventbus.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import io.github.eventbus.PublishResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.event.SimpleApplicationEventMulticaster;

/**
 * 16 publishers at once (as web requests are), each waiting until its event was handled by 4 no-op
 * observers: ours in concurrent-await on the auto-configured bus, against Spring's multicaster with a
 * task executor whose futures the publisher awaits (the way to get the same guarantee from Spring). The
 * score is publishes per second over all threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(16)
public class PublishersBenchmark {

	@State(Scope.Benchmark)
	public static class Starter {

		StarterBus bus;

		@Setup
		public void setUp() {
			this.bus = StarterBus.start("concurrent-await", (Object[]) FanOutBenchmark.observers());
		}

		@TearDown
		public void tearDown() {
			this.bus.close();
		}

	}

	/**
	 * Spring's multicaster on a pool of {@link Fixtures#POOL_THREADS} threads; the executor it is given
	 * remembers, per publishing thread, the futures of the listener calls it started.
	 */
	@State(Scope.Benchmark)
	public static class SpringAwaited {

		ExecutorService pool;

		AnnotationConfigApplicationContext context;

		final ThreadLocal<List<FutureTask<Void>>> started = ThreadLocal.withInitial(() -> new ArrayList<>(4));

		@Setup
		public void setUp() {
			this.pool = Fixtures.pool("spring");
			Executor tracking = (task) -> {
				FutureTask<Void> future = new FutureTask<>(task, null);
				this.started.get().add(future);
				this.pool.execute(future);
			};
			this.context = new AnnotationConfigApplicationContext();
			this.context.registerBean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME,
					SimpleApplicationEventMulticaster.class, () -> {
						SimpleApplicationEventMulticaster multicaster = new SimpleApplicationEventMulticaster();
						multicaster.setTaskExecutor(tracking);
						return multicaster;
					});
			AsyncObserver[] observers = FanOutBenchmark.observers();
			for (int i = 0; i < observers.length; i++) {
				AsyncObserver observer = observers[i];
				this.context.registerBean("observer" + i, AsyncObserver.class, () -> observer);
			}
			this.context.refresh();
		}

		void publishAndAwait() throws InterruptedException, ExecutionException {
			this.context.publishEvent(OrderPlaced.SAMPLE);
			List<FutureTask<Void>> futures = this.started.get();
			for (FutureTask<Void> future : futures) {
				future.get();
			}
			futures.clear();
		}

		@TearDown
		public void tearDown() {
			this.context.close();
			Fixtures.shutdown(this.pool);
		}

	}

	@Benchmark
	public PublishResult starterConcurrentAwait(Starter starter) {
		return starter.bus.bus().publish(OrderPlaced.SAMPLE);
	}

	@Benchmark
	public void springMulticasterAwaited(SpringAwaited spring) throws Exception {
		spring.publishAndAwait();
	}

}
