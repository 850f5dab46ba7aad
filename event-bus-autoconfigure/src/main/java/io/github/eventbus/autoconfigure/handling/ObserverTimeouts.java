package io.github.eventbus.autoconfigure.handling;

import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;
import io.github.eventbus.ObserverTimeoutException;
import io.github.eventbus.autoconfigure.ObserverDecorator;
import io.github.eventbus.autoconfigure.ObserverInvokers;
import io.github.eventbus.autoconfigure.ObserverInvokers.ObserverCall;
import io.github.eventbus.dispatch.Causation;
import io.github.eventbus.dispatch.ObserverDefinition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Applies {@link EventObserver#timeout()}, or {@code eventbus.observers.timeout} to observers that do not set
 * one: the call runs on a thread of this decorator's pool while the observer's own thread waits for it up to
 * the timeout. A call that takes longer fails with an {@link ObserverTimeoutException} (carrying the elapsed
 * time and the stack of the thread running it), which the bus reports like any failure, so the observer moves
 * on; the running thread is interrupted, and logged again if it finishes later. Observers without a timeout are
 * not wrapped and pay nothing.
 * <p>
 * The call keeps the dispatch state of the waiting thread (causation of what it publishes, and the call chain
 * that keeps nested publishes from waiting for their own observer). Other thread-bound state (a transaction
 * the caller opened, the logging MDC) is not carried over: this decorator is outside the other decorators,
 * which run on the pool thread with the call.
 */
final class ObserverTimeouts implements ObserverDecorator, Ordered, DisposableBean {

	private static final Log logger = LogFactory.getLog(ObserverTimeouts.class);

	static final int ORDER = 1000;

	private final @Nullable Duration defaultTimeout;

	private final ExecutorService threads;

	ObserverTimeouts(@Nullable Duration defaultTimeout) {
		this.defaultTimeout = (defaultTimeout != null && !defaultTimeout.isZero()) ? defaultTimeout : null;
		AtomicInteger count = new AtomicInteger();
		this.threads = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "eventbus-timed-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public ObserverDefinition decorate(ObserverDefinition definition) {
		Duration timeout = timeoutOf(definition);
		if (timeout == null) {
			return definition;
		}
		String observerId = definition.id();
		return ObserverInvokers.wrap(definition, (next) -> new TimedCall(next, observerId, timeout));
	}

	private @Nullable Duration timeoutOf(ObserverDefinition definition) {
		EventObserver annotation = AnnotatedElementUtils.findMergedAnnotation(definition.method(), EventObserver.class);
		if (annotation == null || annotation.timeout().isBlank()) {
			return this.defaultTimeout;
		}
		Duration timeout;
		try {
			timeout = DurationStyle.detectAndParse(annotation.timeout().trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("@EventObserver(timeout = \"" + annotation.timeout() + "\") of "
					+ describe(definition) + " is not a duration such as \"5s\", \"500ms\" or \"PT1M\"", ex);
		}
		if (timeout.isNegative()) {
			throw new IllegalStateException("@EventObserver(timeout = \"" + annotation.timeout() + "\") of "
					+ describe(definition) + " is negative");
		}
		return timeout.isZero() ? null : timeout;
	}

	static String describe(ObserverDefinition definition) {
		return definition.describe() + " (" + definition.method().getDeclaringClass().getName() + ")";
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void destroy() {
		this.threads.shutdownNow();
	}

	private final class TimedCall implements ObserverCall {

		private final MethodHandle next;

		private final String observerId;

		private final Duration timeout;

		TimedCall(MethodHandle next, String observerId, Duration timeout) {
			this.next = next;
			this.observerId = observerId;
			this.timeout = timeout;
		}

		@Override
		public void call(Event<?> event) throws Throwable {
			long start = System.nanoTime();
			Attempt attempt = new Attempt(Causation.handOver(() -> invoke(event)), this.observerId, start);
			ObserverTimeouts.this.threads.execute(attempt);
			boolean finished;
			try {
				finished = attempt.done.await(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				// The observer's own thread was stopped (a durable observer lost its lease): stop the call too.
				attempt.interrupt();
				throw ex;
			}
			if (finished) {
				Throwable failure = attempt.failure;
				if (failure != null) {
					throw failure;
				}
				return;
			}
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			throw attempt.timedOut(this.timeout, elapsed);
		}

		private void invoke(Event<?> event) throws Throwable {
			this.next.invokeExact((Object) event);
		}

	}

	/** One call on a pool thread. */
	private static final class Attempt implements Runnable {

		private final Causation.Call call;

		private final String observerId;

		private final long startNanos;

		final CountDownLatch done = new CountDownLatch(1);

		volatile @Nullable Throwable failure;

		private @Nullable Thread thread;

		private boolean timedOut;

		private boolean started;

		Attempt(Causation.Call call, String observerId, long startNanos) {
			this.call = call;
			this.observerId = observerId;
			this.startNanos = startNanos;
		}

		@Override
		public void run() {
			synchronized (this) {
				if (this.timedOut) {
					return; // given up before a thread was free to start it
				}
				this.started = true;
				this.thread = Thread.currentThread();
			}
			try {
				this.call.run();
			}
			catch (Throwable ex) {
				this.failure = ex;
			}
			finally {
				boolean late;
				synchronized (this) {
					this.thread = null;
					late = this.timedOut;
				}
				// An interrupt meant for this call must not reach the pool thread's next one.
				Thread.interrupted();
				this.done.countDown();
				if (late) {
					logger.warn("Observer '" + this.observerId + "': a call that timed out finished after "
							+ Duration.ofNanos(System.nanoTime() - this.startNanos).toMillis() + " ms"
							+ ((this.failure != null) ? ", failing with " + this.failure : ""));
				}
			}
		}

		synchronized void interrupt() {
			if (this.thread != null) {
				this.thread.interrupt();
			}
		}

		synchronized ObserverTimeoutException timedOut(Duration timeout, Duration elapsed) {
			Thread running = this.thread;
			ObserverTimeoutException exception = new ObserverTimeoutException(this.observerId, timeout, elapsed,
					(running != null) ? running.getName() : (this.started ? "(finished)" : "(never started)"));
			this.timedOut = true;
			if (running != null) {
				exception.setStackTrace(running.getStackTrace());
				running.interrupt();
				logger.warn("Observer '" + this.observerId + "' timed out after " + elapsed.toMillis()
						+ " ms; interrupted its thread " + running.getName() + ", which was at:"
						+ stack(exception.getStackTrace()));
			}
			return exception;
		}

		private static String stack(StackTraceElement[] frames) {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < Math.min(frames.length, 20); i++) {
				text.append(System.lineSeparator()).append("\tat ").append(frames[i]);
			}
			return text.toString();
		}

	}

}
