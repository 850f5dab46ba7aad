package io.github.eventbus.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.github.eventbus.Event;
import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.autoconfigure.TestEvents.Tick;
import io.github.eventbus.autoconfigure.TestObservers.GateObserver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Observers never block each other, and each sees its events in order. */
class ObserverOrderingIntegrationTests {

	private final ApplicationContextRunner contextRunner = EventBusContexts.runner()
		.withPropertyValues("eventbus.dispatch.mode=fire-and-forget", "eventbus.shutdown.timeout=5s");

	@Test
	void aSlowObserverDoesNotDelayAFastOne() {
		this.contextRunner.withBean("slow", GateObserver.class)
			.withBean("fast", RecordingObserver.class)
			.run((context) -> {
				// given: the slow observer is held on its first event until the test lets it go
				EventBus testSubject = context.getBean(EventBus.class);
				GateObserver slow = context.getBean(GateObserver.class);
				RecordingObserver fast = context.getBean(RecordingObserver.class);
				// when
				for (int i = 0; i < 40; i++) {
					testSubject.publish(new Tick(i));
				}
				// then: the fast one has them all while the slow one has finished none (no timing involved)
				fast.awaitCount(40);
				assertThat(slow.recorder.count()).isZero();
				slow.open();
				slow.recorder.awaitCount(40);
			});
	}

	@Test
	void oneObserverSeesTenThousandEventsInPublishOrder() {
		this.contextRunner.withBean("recorder", RecordingObserver.class).run((context) -> {
			// given
			EventBus testSubject = context.getBean(EventBus.class);
			RecordingObserver recorder = context.getBean(RecordingObserver.class);
			// when
			for (int i = 0; i < 10_000; i++) {
				testSubject.publish(new Tick(i));
			}
			// then
			assertThat(testSubject.awaitIdle(Duration.ofSeconds(20))).isTrue();
			assertThat(recorder.payloads()).containsExactlyElementsOf(IntStream.range(0, 10_000).mapToObj(Tick::new).toList());
		});
	}

	@Test
	void withConcurrencyFourEachStreamStaysInOrderWhileStreamsRunInParallel() {
		this.contextRunner.withBean("streams", StreamObserver.class).run((context) -> {
			// given
			EventBus testSubject = context.getBean(EventBus.class);
			StreamObserver observer = context.getBean(StreamObserver.class);
			int streams = 8;
			int perStream = 100;
			// when: streams interleaved, as independent orders would be
			for (int i = 0; i < perStream; i++) {
				for (int s = 0; s < streams; s++) {
					testSubject.publish("order-" + s, new Tick(i));
				}
			}
			// then
			await().atMost(Duration.ofSeconds(20)).until(() -> observer.count() == streams * perStream);
			List<Integer> expected = IntStream.range(0, perStream).boxed().toList();
			for (int s = 0; s < streams; s++) {
				assertThat(observer.ticksOf("order-" + s)).as("order-" + s).containsExactlyElementsOf(expected);
			}
			assertThat(observer.maxInParallel()).as("streams handled at the same time").isGreaterThan(1);
		});
	}

	/** Records, per stream, the ticks received, and how many events it handled at the same time. */
	static class StreamObserver {

		private final Map<String, List<Integer>> ticks = new ConcurrentHashMap<>();

		private final AtomicInteger running = new AtomicInteger();

		private final AtomicInteger maxInParallel = new AtomicInteger();

		private final AtomicInteger count = new AtomicInteger();

		@EventObserver(concurrency = 4)
		void on(Event<Tick> event) throws InterruptedException {
			int now = this.running.incrementAndGet();
			this.maxInParallel.accumulateAndGet(now, Math::max);
			Thread.sleep(1);
			List<Integer> stream = this.ticks.computeIfAbsent(event.streamId(), (id) -> new ArrayList<>());
			synchronized (stream) {
				stream.add(event.payload().n());
			}
			this.running.decrementAndGet();
			this.count.incrementAndGet();
		}

		List<Integer> ticksOf(String streamId) {
			List<Integer> stream = this.ticks.getOrDefault(streamId, List.of());
			synchronized (stream) {
				return List.copyOf(stream);
			}
		}

		int count() {
			return this.count.get();
		}

		int maxInParallel() {
			return this.maxInParallel.get();
		}

	}

}
