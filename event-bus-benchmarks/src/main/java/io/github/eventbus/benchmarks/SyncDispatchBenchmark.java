package io.github.eventbus.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import com.google.common.eventbus.EventBus;
import io.github.eventbus.DispatchMode;
import io.github.eventbus.PublishResult;
import io.github.eventbus.dispatch.DefaultEventBus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Workload (a) and (d): one event dispatched on the caller's thread to 1 or 4 no-op observers. Ours in
 * {@code SEQUENTIAL} mode with a store that retains nothing, Spring's {@code publishEvent} to
 * {@code @EventListener} methods in a real application context, Guava's {@code EventBus}, and a plain
 * method call as the floor; and ours again as the starter auto-configures it ({@code starterSequential}),
 * next to the hand-built one, so the cost of the auto-configuration shows. Run with {@code -prof gc} for bytes allocated per event.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SyncDispatchBenchmark {

	/** How many observers each event goes to. */
	@State(Scope.Benchmark)
	public static class Observers {

		@Param({ "1", "4" })
		int observers;

		SyncObserver[] create() {
			SyncObserver[] all = new SyncObserver[this.observers];
			for (int i = 0; i < all.length; i++) {
				all[i] = new SyncObserver();
			}
			return all;
		}

	}

	@State(Scope.Benchmark)
	public static class Ours {

		ExecutorService pool;

		DefaultEventBus bus;

		@Setup
		public void setUp(Observers observers) {
			// Sequential observers never touch the pool; it is there because the bus needs one.
			this.pool = Fixtures.pool("bus");
			this.bus = Fixtures.bus(DispatchMode.SEQUENTIAL, this.pool, (Object[]) observers.create());
		}

		@TearDown
		public void tearDown() {
			Fixtures.shutdown(this.pool);
		}

	}

	/** The same observers as beans of a Boot application with the starter ({@link StarterBus}), sequential. */
	@State(Scope.Benchmark)
	public static class Starter {

		StarterBus bus;

		@Setup
		public void setUp(Observers observers) {
			this.bus = StarterBus.start("sequential", (Object[]) observers.create());
		}

		@TearDown
		public void tearDown() {
			this.bus.close();
		}

	}

	/** {@link Starter} with {@code eventbus.logging.mdc.enabled=false}: what the MDC costs. */
	@State(Scope.Benchmark)
	public static class StarterNoMdc {

		StarterBus bus;

		@Setup
		public void setUp(Observers observers) {
			this.bus = StarterBus.start("sequential", StarterBus.NO_MDC, (Object[]) observers.create());
		}

		@TearDown
		public void tearDown() {
			this.bus.close();
		}

	}

	@State(Scope.Benchmark)
	public static class Spring {

		AnnotationConfigApplicationContext context;

		@Setup
		public void setUp(Observers observers) {
			this.context = new AnnotationConfigApplicationContext();
			SyncObserver[] all = observers.create();
			for (int i = 0; i < all.length; i++) {
				SyncObserver observer = all[i];
				this.context.registerBean("observer" + i, SyncObserver.class, () -> observer);
			}
			this.context.refresh();
		}

		@TearDown
		public void tearDown() {
			this.context.close();
		}

	}

	@State(Scope.Benchmark)
	public static class Guava {

		EventBus bus;

		@Setup
		public void setUp(Observers observers) {
			this.bus = new EventBus("benchmark");
			for (SyncObserver observer : observers.create()) {
				this.bus.register(observer);
			}
		}

	}

	@State(Scope.Benchmark)
	public static class Direct {

		SyncObserver[] observers;

		@Setup
		public void setUp(Observers observers) {
			this.observers = observers.create();
		}

	}

	@Benchmark
	public PublishResult eventBusSequential(Ours ours) {
		return ours.bus.publish(OrderPlaced.SAMPLE);
	}

	/** The auto-configured bus: what users get, decorators included. */
	@Benchmark
	public PublishResult starterSequential(Starter starter) {
		return starter.bus.bus().publish(OrderPlaced.SAMPLE);
	}

	@Benchmark
	public PublishResult starterSequentialNoMdc(StarterNoMdc starter) {
		return starter.bus.bus().publish(OrderPlaced.SAMPLE);
	}

	@Benchmark
	public void springPublishEvent(Spring spring) {
		spring.context.publishEvent(OrderPlaced.SAMPLE);
	}

	@Benchmark
	public void guavaEventBus(Guava guava) {
		guava.bus.post(OrderPlaced.SAMPLE);
	}

	@Benchmark
	public void directCall(Direct direct) {
		for (SyncObserver observer : direct.observers) {
			observer.on(OrderPlaced.SAMPLE);
		}
	}

}
