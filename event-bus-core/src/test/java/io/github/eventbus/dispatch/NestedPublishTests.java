package io.github.eventbus.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A publish from inside an observer finishes, in every mode, including a re-entrant publish to the very
 * observer that is running (which must neither deadlock nor re-enter it).
 */
class NestedPublishTests {

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	@AfterEach
	void shutdownPool() throws InterruptedException {
		this.pool.shutdownNow();
		this.pool.awaitTermination(5, TimeUnit.SECONDS);
	}

	record Start(int depth) {
	}

	record FollowUp(int depth) {
	}

	/** On each Start, publishes a FollowUp and, up to a depth, another Start to itself. */
	static class Chain {

		final List<String> seen = Collections.synchronizedList(new ArrayList<>());

		volatile EventBus bus;

		private volatile boolean running;

		final List<String> reentered = Collections.synchronizedList(new ArrayList<>());

		@EventObserver
		void onStart(Start start) {
			if (this.running) {
				this.reentered.add("start " + start.depth());
			}
			this.running = true;
			try {
				this.seen.add("start " + start.depth());
				this.bus.publish(new FollowUp(start.depth()));
				if (start.depth() < 3) {
					this.bus.publish(new Start(start.depth() + 1));
				}
			}
			finally {
				this.running = false;
			}
		}

		@EventObserver
		void onFollowUp(FollowUp followUp) {
			this.seen.add("follow-up " + followUp.depth());
		}

	}

	@ParameterizedTest
	@EnumSource(DispatchMode.class)
	void nestedPublishesFinishWithoutReenteringAnObserver(DispatchMode mode) {
		// given
		Chain chain = new Chain();
		DefaultEventBus testSubject = new DefaultEventBus(EventStore.none(), this.pool,
				DispatchSettings.defaults().withDefaultMode(mode), (failure) -> {
				});
		ObserverMethods.discover("chain", chain).forEach(testSubject::register);
		chain.bus = testSubject;

		// when
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
			testSubject.publish(new Start(0));
			assertThat(testSubject.awaitIdle(Duration.ofSeconds(5))).isTrue();
		});

		// then
		assertThat(chain.seen).containsExactlyInAnyOrder("start 0", "start 1", "start 2", "start 3", "follow-up 0",
				"follow-up 1", "follow-up 2", "follow-up 3");
		assertThat(chain.reentered).isEmpty();
	}

}
