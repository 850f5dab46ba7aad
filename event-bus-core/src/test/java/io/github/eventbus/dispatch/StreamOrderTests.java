package io.github.eventbus.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;
import io.github.eventbus.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the order promise holds to (issue 12, defect 10): every observer gets the events of one stream in
 * version order when the publishes to that stream do not overlap in time, even from several threads and
 * through several lanes.
 */
class StreamOrderTests {

	private final ExecutorService pool = Executors.newFixedThreadPool(4);

	@AfterEach
	void shutdownPool() throws InterruptedException {
		this.pool.shutdownNow();
		this.pool.awaitTermination(5, TimeUnit.SECONDS);
	}

	record Step(int publisher) {
	}

	static class Versions {

		final List<Event<?>> single = new CopyOnWriteArrayList<>();

		final List<Event<?>> laned = new CopyOnWriteArrayList<>();

		@EventObserver
		void on(Event<Step> event) {
			this.single.add(event);
		}

		@EventObserver(concurrency = 4)
		void onLaned(Event<Step> event) {
			this.laned.add(event);
		}

	}

	@ParameterizedTest
	@EnumSource(DispatchMode.class)
	void eachObserverGetsAStreamInVersionOrderWhenPublishesTakeTurns(DispatchMode mode) throws InterruptedException {
		// given
		Versions versions = new Versions();
		DefaultEventBus testSubject = new DefaultEventBus(new InMemoryEventStore(10_000), this.pool,
				DispatchSettings.defaults().withDefaultMode(mode), (failure) -> {
				});
		ObserverMethods.discover("versions", versions).forEach(testSubject::register);
		Object turn = new Object();

		// when: four threads publish to two streams, one publish at a time
		List<Thread> publishers = new ArrayList<>();
		for (int p = 0; p < 4; p++) {
			int publisher = p;
			publishers.add(new Thread(() -> {
				for (int i = 0; i < 500; i++) {
					synchronized (turn) {
						testSubject.publish("stream-" + (i % 2), new Step(publisher));
					}
				}
			}));
		}
		publishers.forEach(Thread::start);
		for (Thread publisher : publishers) {
			publisher.join();
		}

		// then
		assertThat(testSubject.awaitIdle(Duration.ofSeconds(20))).isTrue();
		for (String stream : List.of("stream-0", "stream-1")) {
			for (List<Event<?>> seen : List.of(versions.single, versions.laned)) {
				assertThat(seen.stream().filter((event) -> event.streamId().equals(stream)).map(Event::version))
					.isSorted()
					.hasSize(1000);
			}
		}
	}

}
