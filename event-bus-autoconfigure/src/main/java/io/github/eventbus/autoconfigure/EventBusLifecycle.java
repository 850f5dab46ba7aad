package io.github.eventbus.autoconfigure;

import java.time.Duration;

import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.ObserverSnapshot;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Shuts the bus down gracefully when the application context stops: the bus stops accepting events
 * from outside observers, then waits up to {@code eventbus.shutdown.timeout} for the queued events to
 * be handled, and logs what it could not finish.
 * <p>
 * Its phase is above every executor's ({@code ThreadPoolTaskExecutor} stops at
 * {@link org.springframework.scheduling.concurrent.ExecutorConfigurationSupport#DEFAULT_PHASE}), so the
 * mailboxes drain while the bus's threads still run, and below the web server's, so requests in flight
 * may still publish.
 */
final class EventBusLifecycle implements SmartLifecycle {

	/** Stops after the web server (DEFAULT_PHASE - 2048) and before executors (DEFAULT_PHASE / 2). */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(EventBusLifecycle.class);

	private final ObjectProvider<DefaultEventBus> bus;

	private final Duration timeout;

	private volatile boolean running;

	EventBusLifecycle(ObjectProvider<DefaultEventBus> bus, Duration timeout) {
		this.bus = bus;
		this.timeout = timeout;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		DefaultEventBus bus = this.bus.getIfUnique();
		if (bus == null) {
			return;
		}
		if (bus.shutdown(this.timeout)) {
			logger.debug("Event bus drained and stopped");
			return;
		}
		StringBuilder unfinished = new StringBuilder();
		for (ObserverSnapshot observer : bus.observers()) {
			if (observer.queued() > 0) {
				unfinished.append(System.lineSeparator())
					.append("  ")
					.append(observer.id())
					.append(": ")
					.append(observer.queued())
					.append(" event(s) not handled");
			}
		}
		logger.warn("Event bus stopped before its observers finished (eventbus.shutdown.timeout=" + this.timeout
				+ "); the events below are lost unless their observers are durable:" + unfinished);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Not paused: a shut-down bus cannot start again, and Spring's test context cache pauses a cached context
	 * whenever a test switches to another one, then restarts it for the next test that uses it. An idle bus runs
	 * nothing while paused: its observers run only when something publishes.
	 */
	@Override
	public boolean isPauseable() {
		return false;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
