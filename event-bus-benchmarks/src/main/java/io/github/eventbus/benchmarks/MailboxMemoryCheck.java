package io.github.eventbus.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import com.google.common.eventbus.AsyncEventBus;
import io.github.eventbus.DispatchMode;
import io.github.eventbus.EventObserver;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.dispatch.ObserverSnapshot;
import io.github.eventbus.dispatch.Overflow;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Workload (e): {@value #EVENTS} fire-and-forget events, each a new payload, into one slow observer,
 * with the default mailbox (capacity 1024, overflow BLOCK). Run it in a JVM of its own with
 * {@code -Xmx256m}: it must finish without {@code OutOfMemoryError}, the mailbox must never hold more
 * than its capacity, and the heap must stay flat. Prints one line of results.
 * <p>
 * Not a JMH benchmark: what matters is one number per run (peak heap), sampled every millisecond.
 * "Live" is the heap still used after the latest collection of each pool, the part that queued events
 * hold; "used" includes garbage not yet collected. With the argument {@code guava}, the same events go
 * through Guava's {@code AsyncEventBus} on the same pool instead, for contrast: its queue is unbounded.
 */
public final class MailboxMemoryCheck {

	static final int EVENTS = 1_000_000;

	/** CPU spent per event by the slow observer, in JMH {@code consumeCPU} tokens (about 1-3 µs). */
	static final long WORK_TOKENS = 500;

	public static class SlowObserver {

		final AtomicLong handled = new AtomicLong();

		@EventObserver
		@com.google.common.eventbus.Subscribe
		public void on(OrderPlaced event) {
			Blackhole.consumeCPU(WORK_TOKENS);
			this.handled.incrementAndGet();
		}

	}

	private MailboxMemoryCheck() {
	}

	private static boolean awaitHandled(SlowObserver observer, long events) {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (observer.handled.get() < events) {
			if (System.nanoTime() - deadline >= 0) {
				return false;
			}
			LockSupport.parkNanos(1_000_000);
		}
		return true;
	}

	public static void main(String[] args) throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		SlowObserver observer = new SlowObserver();
		ExecutorService pool = Fixtures.pool("bus");
		DispatchSettings settings = DispatchSettings.defaults()
			.withDefaultMode(DispatchMode.FIRE_AND_FORGET)
			.withOverflow(Overflow.BLOCK, Duration.ofSeconds(30));
		boolean guava = args.length > 0 && args[0].equals("guava");
		DefaultEventBus bus = Fixtures.bus(settings, pool, guava ? new Object[0] : new Object[] { observer });
		AsyncEventBus guavaBus = new AsyncEventBus("memory", pool);
		guavaBus.register(observer);
		Consumer<OrderPlaced> publisher = guava ? guavaBus::post : bus::publish;
		List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((memoryPool) -> memoryPool.getType() == MemoryType.HEAP && memoryPool.isCollectionUsageThresholdSupported())
			.toList();
		AtomicLong peakHeap = new AtomicLong();
		AtomicLong peakLive = new AtomicLong();
		AtomicLong peakQueued = new AtomicLong();
		Thread sampler = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
				long live = 0;
				for (MemoryPoolMXBean heapPool : heapPools) {
					MemoryUsage afterGc = heapPool.getCollectionUsage();
					live += (afterGc != null) ? afterGc.getUsed() : 0;
				}
				peakLive.accumulateAndGet(live, Math::max);
				for (ObserverSnapshot snapshot : bus.observers()) {
					peakQueued.accumulateAndGet(snapshot.queued(), Math::max);
				}
				try {
					Thread.sleep(1);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "heap-sampler");
		sampler.setDaemon(true);
		sampler.start();
		long start = System.nanoTime();
		for (int i = 0; i < EVENTS; i++) {
			publisher.accept(new OrderPlaced(i, "SKU-" + (i & 1023)));
		}
		long published = System.nanoTime();
		boolean idle = guava ? awaitHandled(observer, EVENTS) : bus.awaitIdle(Duration.ofMinutes(2));
		long done = System.nanoTime();
		sampler.interrupt();
		sampler.join();
		System.gc();
		long afterGc = memory.getHeapMemoryUsage().getUsed();
		System.out.printf("bus=%s events=%d handled=%d idle=%s maxHeap=%dMiB peakHeapUsed=%.1fMiB"
				+ " peakLiveAfterGc=%.1fMiB heapAfterFinalGc=%.1fMiB peakQueued=%s capacity=%d publishSeconds=%.2f"
				+ " totalSeconds=%.2f%n", guava ? "guava-async" : "eventbus-fire-and-forget", EVENTS,
				observer.handled.get(), idle, memory.getHeapMemoryUsage().getMax() >> 20, peakHeap.get() / 1048576.0,
				peakLive.get() / 1048576.0, afterGc / 1048576.0, guava ? "n/a" : String.valueOf(peakQueued.get()),
				settings.mailboxCapacity(), (published - start) / 1e9, (done - start) / 1e9);
		Fixtures.shutdown(pool);
		pool.awaitTermination(1, TimeUnit.SECONDS);
	}

}
