package io.github.eventbus.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.eventbus.EventObserver;
import io.github.eventbus.PublishResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * 4 observers that each block for 1 ms (as a call to another service would), one publisher, on the
 * auto-configured bus: concurrent-await should run them in parallel and return after about 1 ms, where
 * sequential takes 4. The score is publishes per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BlockingObserversBenchmark {

	static final long BLOCK_NANOS = 1_000_000;

	/** Blocks the thread it runs on for 1 ms, without using the CPU. */
	public static class BlockingObserver {

		@EventObserver
		public void on(OrderPlaced event) {
			LockSupport.parkNanos(BLOCK_NANOS);
		}

	}

	static Object[] observers() {
		return new Object[] { new BlockingObserver(), new BlockingObserver(), new BlockingObserver(),
				new BlockingObserver() };
	}

	@State(Scope.Benchmark)
	public static class ConcurrentAwait {

		StarterBus bus;

		@Setup
		public void setUp() {
			this.bus = StarterBus.start("concurrent-await", observers());
		}

		@TearDown
		public void tearDown() {
			this.bus.close();
		}

	}

	@State(Scope.Benchmark)
	public static class Sequential {

		StarterBus bus;

		@Setup
		public void setUp() {
			this.bus = StarterBus.start("sequential", observers());
		}

		@TearDown
		public void tearDown() {
			this.bus.close();
		}

	}

	@Benchmark
	public PublishResult starterConcurrentAwait(ConcurrentAwait ours) {
		return ours.bus.bus().publish(OrderPlaced.SAMPLE);
	}

	@Benchmark
	public PublishResult starterSequential(Sequential ours) {
		return ours.bus.bus().publish(OrderPlaced.SAMPLE);
	}

}
