package io.github.eventbus.autoconfigure.handling;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventbus.Event;
import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @EventObserver(condition = ...)}: events the expression does not match are not handed to the
 * observer, in memory and durably, and a durable observer's checkpoint moves past them.
 */
class ObserverConditionsIntegrationTests {

	private final ApplicationContextRunner contextRunner = HandlingContexts.runner();

	@Test
	void inMemoryObserverSeesOnlyTheEventsItsConditionMatches() {
		this.contextRunner.withBean("conditional", InMemoryConditional.class).run((context) -> {
			// given
			EventBus testSubject = context.getBean(EventBus.class);
			InMemoryConditional observer = context.getBean(InMemoryConditional.class);
			// when
			for (int n = 1; n <= 6; n++) {
				testSubject.publish((n <= 3) ? "a" : "b", new Amount(n));
			}
			testSubject.publish("a", new Amount(100));
			// then
			await().untilAsserted(() -> {
				assertThat(observer.even).containsExactly(2, 4, 6, 100);
				assertThat(observer.onStreamA).containsExactly(1, 2, 3, 100);
			});
			assertThat(observer.large).containsExactly(100);
		});
	}

	@Test
	void durableObserverSkipsWhatItsConditionDoesNotMatchAndItsCheckpointMovesPastIt() {
		this.contextRunner.withBean("conditional", DurableConditional.class).run((context) -> {
			// given
			EventBus testSubject = context.getBean(EventBus.class);
			DurableConditional observer = context.getBean(DurableConditional.class);
			// when
			for (int n = 1; n <= 5; n++) {
				testSubject.publish("s", new Amount(n));
			}
			// then
			long head = context.getBean(EventStore.class).headPosition();
			DurableObservers durable = context.getBean(DurableObservers.class);
			await().untilAsserted(() -> {
				assertThat(observer.odd).containsExactly(1, 3, 5);
				assertThat(durable.status("durable-odd").orElseThrow().checkpoint()).isEqualTo(head);
			});
		});
	}

	@Test
	void conditionThatDoesNotParseFailsStartupNamingTheObserver() {
		this.contextRunner.withBean("invalid", InvalidCondition.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("InvalidCondition")
				.hasStackTraceContaining("#payload.n() =="));
	}

	record Amount(int n) {
	}

	static class InMemoryConditional {

		final List<Integer> even = new CopyOnWriteArrayList<>();

		final List<Integer> onStreamA = new CopyOnWriteArrayList<>();

		final List<Integer> large = new CopyOnWriteArrayList<>();

		@EventObserver(durable = false, condition = "#payload.n() % 2 == 0")
		void even(Amount amount) {
			this.even.add(amount.n());
		}

		@EventObserver(durable = false, condition = "#root.event.streamId() == 'a'")
		void onStreamA(Event<Amount> event) {
			this.onStreamA.add(event.payload().n());
		}

		@EventObserver(durable = false, condition = "#root.payload.n() > 10 and #event.version() > 0")
		void large(Amount amount) {
			this.large.add(amount.n());
		}

	}

	static class DurableConditional {

		final List<Integer> odd = new CopyOnWriteArrayList<>();

		@EventObserver(id = "durable-odd", durable = true, condition = "#payload.n() % 2 == 1")
		void on(Amount amount) {
			this.odd.add(amount.n());
		}

	}

	static class InvalidCondition {

		@EventObserver(condition = "#payload.n() ==")
		void on(Amount amount) {
		}

	}

}
