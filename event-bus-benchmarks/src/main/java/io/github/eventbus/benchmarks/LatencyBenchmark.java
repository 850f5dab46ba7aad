package io.github.eventbus.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.google.common.eventbus.AsyncEventBus;
import com.google.common.eventbus.Subscribe;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.github.eventbus.DispatchMode;
import io.github.eventbus.EventObserver;
import io.github.eventbus.dispatch.DefaultEventBus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.event.EventListener;

/**
 * Workload (c): publish → handled on a pool thread, one event in flight. Each sample is one publish plus
 * the publisher spinning until the observer has seen the event; JMH's sample mode reports p50/p99.
 * <p>
 * With {@code gapMicros = 0} the next event follows at once (a steady stream: a consumer thread that
 * waits a little for more work catches it); with a gap of 200 µs, outside the timing, every event
 * finds the consumer asleep, which is what sparse traffic costs.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LatencyBenchmark {

	/** Publishes the event its observer must see; the observer records the last one it handled. */
	public static class LatencyObserver implements EventHandler<AsyncObserver.Slot> {

		volatile long handled;

		@EventObserver
		@EventListener
		@Subscribe
		public void on(OrderPlaced event) {
			this.handled = event.orderId();
		}

		@Override
		public void onEvent(AsyncObserver.Slot slot, long sequence, boolean endOfBatch) {
			on(slot.payload);
		}

	}

	/** The pause before each sample, not timed. */
	@State(Scope.Thread)
	public static class Pace {

		@Param({ "0", "200" })
		long gapMicros;

		@Setup(Level.Invocation)
		public void pause() {
			if (this.gapMicros > 0) {
				LockSupport.parkNanos(this.gapMicros * 1000);
			}
		}

	}

	abstract static class Workload {

		final LatencyObserver observer = new LatencyObserver();

		long next;

		long roundTrip() {
			long id = ++this.next;
			publish(new OrderPlaced(id, "SKU-1"));
			while (this.observer.handled != id) {
				Thread.onSpinWait();
			}
			return id;
		}

		abstract void publish(OrderPlaced event);

	}

	@State(Scope.Benchmark)
	public static class OursFireAndForget extends Workload {

		ExecutorService pool;

		DefaultEventBus bus;

		@Setup
		public void setUp() {
			this.pool = Fixtures.pool("bus");
			this.bus = Fixtures.bus(DispatchMode.FIRE_AND_FORGET, this.pool, this.observer);
		}

		@Override
		void publish(OrderPlaced event) {
			this.bus.publish(event);
		}

		@TearDown
		public void tearDown() {
			Fixtures.shutdown(this.pool);
		}

	}

	/** The auto-configured bus ({@link StarterBus}) in fire-and-forget mode, its own executor. */
	@State(Scope.Benchmark)
	public static class StarterFireAndForget extends Workload {

		StarterBus bus;

		@Setup
		public void setUp() {
			this.bus = StarterBus.start("fire-and-forget", this.observer);
		}

		@Override
		void publish(OrderPlaced event) {
			this.bus.bus().publish(event);
		}

		@TearDown
		public void tearDown() {
			this.bus.close();
		}

	}

	@State(Scope.Benchmark)
	public static class SpringAsync extends Workload {

		ExecutorService pool;

		AnnotationConfigApplicationContext context;

		@Setup
		public void setUp() {
			this.pool = Fixtures.pool("spring");
			this.context = FanOutBenchmark.springContext(this.pool, this.observer);
		}

		@Override
		void publish(OrderPlaced event) {
			this.context.publishEvent(event);
		}

		@TearDown
		public void tearDown() {
			this.context.close();
			Fixtures.shutdown(this.pool);
		}

	}

	@State(Scope.Benchmark)
	public static class GuavaAsync extends Workload {

		ExecutorService pool;

		AsyncEventBus bus;

		@Setup
		public void setUp() {
			this.pool = Fixtures.pool("guava");
			this.bus = new AsyncEventBus("benchmark", this.pool);
			this.bus.register(this.observer);
		}

		@Override
		void publish(OrderPlaced event) {
			this.bus.post(event);
		}

		@TearDown
		public void tearDown() {
			Fixtures.shutdown(this.pool);
		}

	}

	@State(Scope.Benchmark)
	public static class DisruptorSpinning extends Workload {

		Disruptor<AsyncObserver.Slot> disruptor;

		RingBuffer<AsyncObserver.Slot> ring;

		@Setup
		public void setUp() {
			this.disruptor = new Disruptor<>(AsyncObserver.Slot::new, 1024, Executors.defaultThreadFactory(),
					ProducerType.SINGLE, new BusySpinWaitStrategy());
			this.disruptor.handleEventsWith(this.observer);
			this.ring = this.disruptor.start();
		}

		@Override
		void publish(OrderPlaced event) {
			long sequence = this.ring.next();
			this.ring.get(sequence).payload = event;
			this.ring.publish(sequence);
		}

		@TearDown
		public void tearDown() {
			this.disruptor.halt();
		}

	}

	@Benchmark
	public long eventBusFireAndForget(OursFireAndForget ours, Pace pace) {
		return ours.roundTrip();
	}

	@Benchmark
	public long starterFireAndForget(StarterFireAndForget starter, Pace pace) {
		return starter.roundTrip();
	}

	@Benchmark
	public long springAsyncMulticaster(SpringAsync spring, Pace pace) {
		return spring.roundTrip();
	}

	@Benchmark
	public long guavaAsyncEventBus(GuavaAsync guava, Pace pace) {
		return guava.roundTrip();
	}

	@Benchmark
	public long disruptorBusySpin(DisruptorSpinning disruptor, Pace pace) {
		return disruptor.roundTrip();
	}

}
