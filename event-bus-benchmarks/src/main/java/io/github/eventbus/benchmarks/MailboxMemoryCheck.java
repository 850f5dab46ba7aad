package io.github.eventbus.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
 */
public final class MailboxMemoryCheck {

	static final int EVENTS = 1_000_000;

	/** CPU spent per event by the slow observer, in JMH {@code consumeCPU} tokens (about 1-3 µs). */
	static final long WORK_TOKENS = 500;

	public static class SlowObserver {

		final AtomicLong handled = new AtomicLong();

		@EventObserver
		public void on(OrderPlaced event) {
			Blackhole.consumeCPU(WORK_TOKENS);
			this.handled.incrementAndGet();
		}

	}

	private MailboxMemoryCheck() {
	}

	public static void main(String[] args) throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		SlowObserver observer = new SlowObserver();
		ExecutorService pool = Fixtures.pool("bus");
		DispatchSettings settings = DispatchSettings.defaults()
			.withDefaultMode(DispatchMode.FIRE_AND_FORGET)
			.withOverflow(Overflow.BLOCK, Duration.ofSeconds(30));
		DefaultEventBus bus = Fixtures.bus(settings, pool, observer);
		AtomicLong peakHeap = new AtomicLong();
		AtomicLong peakQueued = new AtomicLong();
		Thread sampler = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
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
			bus.publish(new OrderPlaced(i, "SKU-" + (i & 1023)));
		}
		long published = System.nanoTime();
		boolean idle = bus.awaitIdle(Duration.ofMinutes(2));
		long done = System.nanoTime();
		sampler.interrupt();
		sampler.join();
		System.gc();
		long afterGc = memory.getHeapMemoryUsage().getUsed();
		System.out.printf("events=%d handled=%d idle=%s maxHeap=%dMiB peakHeapUsed=%.1fMiB heapAfterGc=%.1fMiB"
				+ " peakQueued=%d capacity=%d publishSeconds=%.2f totalSeconds=%.2f%n", EVENTS, observer.handled.get(),
				idle, memory.getHeapMemoryUsage().getMax() >> 20, peakHeap.get() / 1048576.0, afterGc / 1048576.0,
				peakQueued.get(), settings.mailboxCapacity(), (published - start) / 1e9, (done - start) / 1e9);
		Fixtures.shutdown(pool);
		pool.awaitTermination(1, TimeUnit.SECONDS);
	}

}
