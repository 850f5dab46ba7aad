package io.github.eventbus.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.github.eventbus.ObserverFailure;
import org.jspecify.annotations.Nullable;

/** Counts down the observers a concurrent-await publisher waits for, and collects their failures. */
final class AwaitTracker {

	private final CountDownLatch remaining;

	private @Nullable List<ObserverFailure> failures;

	AwaitTracker(int observers) {
		this.remaining = new CountDownLatch(observers);
	}

	void done(@Nullable ObserverFailure failure) {
		if (failure != null) {
			synchronized (this) {
				if (this.failures == null) {
					this.failures = new ArrayList<>(2);
				}
				this.failures.add(failure);
			}
		}
		this.remaining.countDown();
	}

	void await() {
		boolean interrupted = false;
		while (true) {
			try {
				this.remaining.await();
				break;
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	synchronized List<ObserverFailure> failures() {
		return (this.failures != null) ? List.copyOf(this.failures) : List.of();
	}

}
