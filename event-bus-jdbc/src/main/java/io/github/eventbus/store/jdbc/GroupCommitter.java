package io.github.eventbus.store.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Collects append requests from many threads and hands them to one writer thread in batches, so many
 * events share one transaction and one commit (one disk flush).
 * <p>
 * Batches form on their own while the previous one is being written. To help them fill, the writer
 * lingers up to {@code maxWait} for as many requests as the previous batch had; a single publisher
 * therefore never waits, and a steady crowd of publishers is collected whole. While publishers do not
 * arrive together, one of them at a time may write on its own thread instead ({@link #tryEnterDirect()}),
 * which spares the two thread hand-offs that dominate a lone publisher's latency on a busy machine.
 */
final class GroupCommitter implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(GroupCommitter.class);

	/** Wakes the writer up at close. */
	private static final AppendRequest WAKE_UP = new AppendRequest(null, 0, List.of());

	private final LinkedBlockingQueue<AppendRequest> queue = new LinkedBlockingQueue<>();

	private final Consumer<List<AppendRequest>> sink;

	private final int maxBatchSize;

	private final long maxWaitNanos;

	private final Thread writer;

	private volatile boolean running = true;

	/** Whether the writer is between taking a batch and completing it. */
	private volatile boolean writing;

	/** Size of the writer's last batch: 1 means publishers are not arriving together. */
	private volatile int lastBatchSize = 1;

	private final AtomicBoolean directWriter = new AtomicBoolean();

	GroupCommitter(Consumer<List<AppendRequest>> sink, int maxBatchSize, Duration maxWait, String threadName) {
		if (maxBatchSize < 1) {
			throw new IllegalArgumentException("maxBatchSize must be positive but was " + maxBatchSize);
		}
		this.sink = sink;
		this.maxBatchSize = maxBatchSize;
		this.maxWaitNanos = maxWait.toNanos();
		this.writer = new Thread(this::run, threadName);
		this.writer.setDaemon(true);
		this.writer.start();
	}

	/**
	 * Queues a request for the writer.
	 * @return {@code false} once closed: the caller must write the request itself
	 */
	boolean submit(AppendRequest request) {
		if (!this.running) {
			return false;
		}
		this.queue.add(request);
		if (!this.running && this.queue.remove(request)) {
			return false;
		}
		return true;
	}

	/**
	 * Lets the caller write its request on its own thread, saving two thread hand-offs, when that cannot
	 * cost batching: nothing is queued, the writer is idle, its last batch was a single request, and no
	 * other caller is writing directly. Call {@link #exitDirect()} after writing.
	 * @return whether the caller may write directly
	 */
	boolean tryEnterDirect() {
		return this.running && this.lastBatchSize <= 1 && !this.writing && this.queue.isEmpty()
				&& this.directWriter.compareAndSet(false, true);
	}

	/** Ends a direct write started with {@link #tryEnterDirect()}. */
	void exitDirect() {
		this.directWriter.set(false);
	}

	private void run() {
		List<AppendRequest> batch = new ArrayList<>();
		while (this.running || !this.queue.isEmpty()) {
			try {
				AppendRequest first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null || first == WAKE_UP) {
					continue;
				}
				this.writing = true;
				batch.add(first);
				this.queue.drainTo(batch, this.maxBatchSize - 1);
				linger(batch, Math.min(this.lastBatchSize, this.maxBatchSize));
				batch.removeIf((request) -> request == WAKE_UP);
				this.lastBatchSize = Math.max(1, batch.size());
				if (!batch.isEmpty()) {
					this.sink.accept(batch);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException | Error ex) {
				logger.error("Event store group commit failed", ex);
				for (AppendRequest request : batch) {
					request.result.completeExceptionally(ex);
				}
			}
			finally {
				batch.clear();
				this.writing = false;
			}
		}
	}

	private void linger(List<AppendRequest> batch, int target) throws InterruptedException {
		if (batch.size() >= target || this.maxWaitNanos <= 0) {
			return;
		}
		long deadline = System.nanoTime() + this.maxWaitNanos;
		while (batch.size() < target) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				return;
			}
			AppendRequest next = this.queue.poll(remaining, TimeUnit.NANOSECONDS);
			if (next == null) {
				return;
			}
			batch.add(next);
			this.queue.drainTo(batch, this.maxBatchSize - batch.size());
		}
	}

	/** Stops accepting requests, writes the queued ones, and stops the writer. */
	@Override
	public void close() {
		this.running = false;
		this.queue.add(WAKE_UP);
		try {
			this.writer.join(TimeUnit.SECONDS.toMillis(30));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
