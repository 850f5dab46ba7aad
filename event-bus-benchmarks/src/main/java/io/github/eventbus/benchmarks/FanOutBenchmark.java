package io.github.eventbus.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.google.common.eventbus.AsyncEventBus;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.github.eventbus.DispatchMode;
import io.github.eventbus.dispatch.DefaultEventBus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
 * Workload (b): 4 no-op observers on a pool of 4 threads (see {@link Fixtures#POOL_THREADS}); one publisher
 * publishes {@value #EVENTS} events, then waits until every observer has handled all of them. The score
 * is events published per second (each event handled 4 times).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FanOutBenchmark {

	static final int EVENTS = 10_000;

	static final int OBSERVERS = 4;

	static AsyncObserver[] observers() {
		AsyncObserver[] all = new AsyncObserver[OBSERVERS];
		for (int i = 0; i < all.length; i++) {
			all[i] = new AsyncObserver();
		}
		return all;
	}

	/** The observers and how many events each must have handled at the end of the next invocation. */
	abstract static class Workload {

		final AsyncObserver[] observers = observers();

		long target;

		void publishAndWait() {
			for (int i = 0; i < EVENTS; i++) {
				publish();
			}
			this.target += EVENTS;
			AsyncObserver.awaitAll(this.observers, this.target);
		}

		abstract void publish();

	}

	@State(Scope.Benchmark)
	public static class OursFireAndForget extends Workload {

		ExecutorService pool;

		DefaultEventBus bus;

		@Setup
		public void setUp() {
			this.pool = Fixtures.pool("bus");
			this.bus = Fixtures.bus(DispatchMode.FIRE_AND_FORGET, this.pool, (Object[]) this.observers);
		}

		@Override
		void publish() {
			this.bus.publish(OrderPlaced.SAMPLE);
		}

		@TearDown
		public void tearDown() {
			Fixtures.shutdown(this.pool);
		}

	}

	@State(Scope.Benchmark)
	public static class OursConcurrentAwait extends Workload {

		ExecutorService pool;

		DefaultEventBus bus;

		@Setup
		public void setUp() {
			this.pool = Fixtures.pool("bus");
			this.bus = Fixtures.bus(DispatchMode.CONCURRENT_AWAIT, this.pool, (Object[]) this.observers);
		}

		@Override
		void publish() {
			this.bus.publish(OrderPlaced.SAMPLE);
		}

		@TearDown
		public void tearDown() {
			Fixtures.shutdown(this.pool);
		}

	}

	/** The auto-configured bus ({@link StarterBus}), its executor and every default but the mode. */
	public abstract static class Starter extends Workload {

		StarterBus bus;

		abstract String mode();

		@Setup
		public void setUp() {
			this.bus = StarterBus.start(mode(), (Object[]) this.observers);
		}

		@Override
		void publish() {
			this.bus.bus().publish(OrderPlaced.SAMPLE);
		}

		@TearDown
		public void tearDown() {
			this.bus.close();
		}

	}

	@State(Scope.Benchmark)
	public static class StarterFireAndForget extends Starter {

		@Override
		String mode() {
			return "fire-and-forget";
		}

	}

	@State(Scope.Benchmark)
	public static class StarterConcurrentAwait extends Starter {

		@Override
		String mode() {
			return "concurrent-await";
		}

	}

	@State(Scope.Benchmark)
	public static class StarterSequential extends Starter {

		@Override
		String mode() {
			return "sequential";
		}

	}

	@State(Scope.Benchmark)
	public static class SpringAsync extends Workload {

		ExecutorService pool;

		AnnotationConfigApplicationContext context;

		@Setup
		public void setUp() {
			this.pool = Fixtures.pool("spring");
			this.context = springContext(this.pool, this.observers);
		}

		@Override
		void publish() {
			this.context.publishEvent(OrderPlaced.SAMPLE);
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
			for (AsyncObserver observer : this.observers) {
				this.bus.register(observer);
			}
		}

		@Override
		void publish() {
			this.bus.post(OrderPlaced.SAMPLE);
		}

		@TearDown
		public void tearDown() {
			Fixtures.shutdown(this.pool);
		}

	}

	@State(Scope.Benchmark)
	public static class DisruptorRing extends Workload {

		Disruptor<AsyncObserver.Slot> disruptor;

		RingBuffer<AsyncObserver.Slot> ring;

		@Setup
		public void setUp() {
			// Same bound as one of our mailboxes (1024); one consumer thread per observer.
			this.disruptor = new Disruptor<>(AsyncObserver.Slot::new, 1024, Executors.defaultThreadFactory(),
					ProducerType.SINGLE, new YieldingWaitStrategy());
			this.disruptor.handleEventsWith(this.observers);
			this.ring = this.disruptor.start();
		}

		@Override
		void publish() {
			long sequence = this.ring.next();
			this.ring.get(sequence).payload = OrderPlaced.SAMPLE;
			this.ring.publish(sequence);
		}

		@TearDown
		public void tearDown() {
			this.disruptor.halt();
		}

	}

	/** Spring's multicaster with a task executor, listeners being {@code @EventListener} methods. */
	static AnnotationConfigApplicationContext springContext(ExecutorService pool, Object... observers) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.registerBean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME,
				SimpleApplicationEventMulticaster.class, () -> {
					SimpleApplicationEventMulticaster multicaster = new SimpleApplicationEventMulticaster();
					multicaster.setTaskExecutor(pool);
					return multicaster;
				});
		for (int i = 0; i < observers.length; i++) {
			register(context, "observer" + i, observers[i]);
		}
		context.refresh();
		return context;
	}

	@SuppressWarnings("unchecked")
	private static <T> void register(AnnotationConfigApplicationContext context, String name, T observer) {
		context.registerBean(name, (Class<T>) observer.getClass(), () -> observer);
	}

	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public void eventBusFireAndForget(OursFireAndForget ours) {
		ours.publishAndWait();
	}

	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public void eventBusConcurrentAwait(OursConcurrentAwait ours) {
		ours.publishAndWait();
	}

	/**
	 * Concurrent-await from 4 publisher threads at once: each waits per event, so this shows how the mode
	 * scales with publishers (as with web requests) rather than with one publisher's round trip. Not a
	 * like-for-like row against the single-publisher alternatives.
	 */
	@Benchmark
	@Threads(4)
	@OperationsPerInvocation(EVENTS)
	public void eventBusConcurrentAwait4Publishers(OursConcurrentAwait ours) {
		for (int i = 0; i < EVENTS; i++) {
			ours.publish();
		}
	}

	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public void starterFireAndForget(StarterFireAndForget starter) {
		starter.publishAndWait();
	}

	/** The default mode, each publish returning once its 4 observers are done. */
	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public void starterConcurrentAwait(StarterConcurrentAwait starter) {
		starter.publishAndWait();
	}

	/** The same observers on the publisher's thread: what concurrent-await is compared with. */
	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public void starterSequential(StarterSequential starter) {
		starter.publishAndWait();
	}

	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public void springAsyncMulticaster(SpringAsync spring) {
		spring.publishAndWait();
	}

	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public void guavaAsyncEventBus(GuavaAsync guava) {
		guava.publishAndWait();
	}

	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public void disruptor1P4C(DisruptorRing disruptor) {
		disruptor.publishAndWait();
	}

}
