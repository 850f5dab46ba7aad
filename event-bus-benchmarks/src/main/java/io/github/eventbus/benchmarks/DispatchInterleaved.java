package io.github.eventbus.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

import com.google.common.eventbus.AsyncEventBus;
import com.google.common.eventbus.EventBus;

import static io.github.eventbus.benchmarks.Percentiles.upperMedian;

/**
 * The in-memory targets of BENCHMARKS.md as same-moment ratios on a shared machine: each comparison runs
 * its two sides in one JVM, alternating short rounds (ours, theirs, ours, theirs, ...), and reports the
 * median over rounds of theirs ÷ ours in time per event, so that a change in the neighbours' load hits
 * both sides of a ratio alike. The bus is the auto-configured one ({@link StarterBus}).
 * <p>
 * Usage: {@code java -cp benchmarks.jar io.github.eventbus.benchmarks.DispatchInterleaved [rounds]}
 */
public final class DispatchInterleaved {

	private DispatchInterleaved() {
	}

	/** One side of a comparison: runs a round and returns how many events it published. */
	record Side(String name, IntSupplier round) {
	}

	record Comparison(String name, Side ours, Side theirs, double target) {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 15;
		List<Comparison> comparisons = comparisons();
		System.out.printf("rounds=%d (after %d warm-up rounds); ns per event, medians; ratio = theirs / ours per round%n",
				rounds, rounds / 3);
		System.out.printf("%-44s %12s %12s %10s %8s %s%n", "comparison", "ours ns", "theirs ns", "ratio", "target",
				"met");
		for (Comparison comparison : comparisons) {
			List<double[]> samples = new ArrayList<>();
			for (int round = 0; round < rounds + rounds / 3; round++) {
				double ours = nanosPerEvent(comparison.ours());
				double theirs = nanosPerEvent(comparison.theirs());
				if (round >= rounds / 3) {
					samples.add(new double[] { ours, theirs, theirs / ours });
				}
			}
			double ratio = upperMedian(samples, 2);
			System.out.printf("%-44s %12.1f %12.1f %9.2fx %7.2fx %s%n", comparison.name(), upperMedian(samples, 0),
					upperMedian(samples, 1), ratio, comparison.target(), (ratio >= comparison.target()) ? "yes" : "no");
		}
		System.exit(0);
	}

	private static double nanosPerEvent(Side side) {
		long start = System.nanoTime();
		int events = side.round().getAsInt();
		return (double) (System.nanoTime() - start) / events;
	}

	private static IntSupplier times(int events, Runnable publish) {
		return () -> {
			for (int i = 0; i < events; i++) {
				publish.run();
			}
			return events;
		};
	}

	private static List<Comparison> comparisons() {
		List<Comparison> comparisons = new ArrayList<>();
		for (int observers : new int[] { 1, 4 }) {
			StarterBus sequential = StarterBus.start("sequential", (Object[]) syncObservers(observers));
			StarterBus noMdc = StarterBus.start("sequential", StarterBus.NO_MDC, (Object[]) syncObservers(observers));
			EventBus guava = new EventBus("interleaved");
			for (SyncObserver observer : syncObservers(observers)) {
				guava.register(observer);
			}
			comparisons.add(new Comparison("sequential, " + observers + " observer(s) vs Guava EventBus",
					new Side("starterSequential", times(100_000, () -> sequential.bus().publish(OrderPlaced.SAMPLE))),
					new Side("guavaEventBus", times(100_000, () -> guava.post(OrderPlaced.SAMPLE))),
					(observers == 1) ? 3.0 : 1.5));
			comparisons.add(new Comparison("  same, eventbus.logging.mdc.enabled=false",
					new Side("starterSequentialNoMdc", times(100_000, () -> noMdc.bus().publish(OrderPlaced.SAMPLE))),
					new Side("guavaEventBus", times(100_000, () -> guava.post(OrderPlaced.SAMPLE))),
					(observers == 1) ? 3.0 : 1.5));
		}
		FanOut fireAndForget = FanOut.starter("fire-and-forget");
		FanOut concurrentAwait = FanOut.starter("concurrent-await");
		FanOut sequential = FanOut.starter("sequential");
		FanOut guavaAsync = FanOut.guava();
		FanOut fireAndForgetNoMdc = FanOut.starter("fire-and-forget", StarterBus.NO_MDC);
		FanOut concurrentAwaitNoMdc = FanOut.starter("concurrent-await", StarterBus.NO_MDC);
		FanOut sequentialNoMdc = FanOut.starter("sequential", StarterBus.NO_MDC);
		comparisons.add(new Comparison("fire-and-forget, 4 observers vs Guava async",
				new Side("starterFireAndForget", fireAndForget::round), new Side("guavaAsync", guavaAsync::round), 2.0));
		comparisons.add(new Comparison("  same, eventbus.logging.mdc.enabled=false",
				new Side("starterFireAndForgetNoMdc", fireAndForgetNoMdc::round), new Side("guavaAsync", guavaAsync::round),
				2.0));
		comparisons.add(new Comparison("concurrent-await, 4 no-op vs Guava async",
				new Side("starterConcurrentAwait", concurrentAwait::round), new Side("guavaAsync", guavaAsync::round),
				2.0));
		comparisons.add(new Comparison("concurrent-await, 4 no-op vs sequential",
				new Side("starterConcurrentAwait", concurrentAwait::round), new Side("starterSequential", sequential::round),
				0.5));
		comparisons.add(new Comparison("  same vs Guava async, eventbus.logging.mdc.enabled=false",
				new Side("starterConcurrentAwaitNoMdc", concurrentAwaitNoMdc::round),
				new Side("guavaAsync", guavaAsync::round), 2.0));
		comparisons.add(new Comparison("  same vs sequential, eventbus.logging.mdc.enabled=false",
				new Side("starterConcurrentAwaitNoMdc", concurrentAwaitNoMdc::round),
				new Side("starterSequentialNoMdc", sequentialNoMdc::round), 0.5));
		StarterBus blockingAwait = StarterBus.start("concurrent-await", BlockingObserversBenchmark.observers());
		StarterBus blockingSequential = StarterBus.start("sequential", BlockingObserversBenchmark.observers());
		comparisons.add(new Comparison("concurrent-await, 4 blocking 1 ms vs sequential",
				new Side("starterConcurrentAwait", times(40, () -> blockingAwait.bus().publish(OrderPlaced.SAMPLE))),
				new Side("starterSequential", times(10, () -> blockingSequential.bus().publish(OrderPlaced.SAMPLE))),
				3.5));
		PublishersBenchmark.Starter starter = new PublishersBenchmark.Starter();
		starter.setUp();
		PublishersBenchmark.SpringAwaited spring = new PublishersBenchmark.SpringAwaited();
		spring.setUp();
		ExecutorService publishers = Executors.newFixedThreadPool(16);
		comparisons.add(new Comparison("concurrent-await, 16 publishers vs Spring awaited",
				new Side("starterConcurrentAwait", sixteen(publishers, 2_000, () -> starter.bus.bus().publish(OrderPlaced.SAMPLE))),
				new Side("springMulticasterAwaited", sixteen(publishers, 500, () -> {
					try {
						spring.publishAndAwait();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				})), 2.0));
		return comparisons;
	}

	/** 16 threads publishing {@code each} events at once; the round ends when all are done. */
	private static IntSupplier sixteen(ExecutorService publishers, int each, Runnable publish) {
		return () -> {
			CountDownLatch done = new CountDownLatch(16);
			for (int t = 0; t < 16; t++) {
				publishers.execute(() -> {
					for (int i = 0; i < each; i++) {
						publish.run();
					}
					done.countDown();
				});
			}
			try {
				done.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return 16 * each;
		};
	}

	private static SyncObserver[] syncObservers(int count) {
		SyncObserver[] observers = new SyncObserver[count];
		for (int i = 0; i < count; i++) {
			observers[i] = new SyncObserver();
		}
		return observers;
	}

	/** Publish {@link FanOutBenchmark#EVENTS} events to 4 observers, then wait until each handled all. */
	static final class FanOut {

		private final AsyncObserver[] observers = FanOutBenchmark.observers();

		private final Map<String, Object> keep = new LinkedHashMap<>();

		private Runnable publish;

		private long target;

		static FanOut starter(String mode) {
			return starter(mode, Map.of());
		}

		static FanOut starter(String mode, Map<String, Object> more) {
			FanOut fanOut = new FanOut();
			StarterBus bus = StarterBus.start(mode, more, (Object[]) fanOut.observers);
			fanOut.keep.put("bus", bus);
			fanOut.publish = () -> bus.bus().publish(OrderPlaced.SAMPLE);
			return fanOut;
		}

		static FanOut guava() {
			FanOut fanOut = new FanOut();
			AsyncEventBus bus = new AsyncEventBus("interleaved", Fixtures.pool("guava"));
			for (AsyncObserver observer : fanOut.observers) {
				bus.register(observer);
			}
			fanOut.publish = () -> bus.post(OrderPlaced.SAMPLE);
			return fanOut;
		}

		int round() {
			for (int i = 0; i < FanOutBenchmark.EVENTS; i++) {
				this.publish.run();
			}
			this.target += FanOutBenchmark.EVENTS;
			AsyncObserver.awaitAll(this.observers, this.target);
			return FanOutBenchmark.EVENTS;
		}

	}

}
