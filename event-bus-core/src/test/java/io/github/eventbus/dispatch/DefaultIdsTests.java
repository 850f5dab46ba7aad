package io.github.eventbus.dispatch;

import java.util.List;
import java.util.concurrent.Executor;

import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Default observer ids are unique within a bean and stable (issue 12, defect 11): overloaded observer
 * methods, the natural style, no longer collide; an explicit duplicate id still fails.
 */
class DefaultIdsTests {

	private static final Executor direct = Runnable::run;

	record OrderPlaced(String order) {
	}

	record OrderShipped(String order) {
	}

	static class Overloaded {

		@EventObserver
		void on(OrderPlaced placed) {
		}

		@EventObserver
		void on(Event<OrderShipped> shipped) {
		}

		@EventObserver
		void audit(OrderPlaced placed) {
		}

	}

	static class Duplicated {

		@EventObserver(id = "same")
		void on(OrderPlaced placed) {
		}

		@EventObserver(id = "same")
		void on(OrderShipped shipped) {
		}

	}

	@Test
	void overloadedObserverMethodsGetTheirPayloadTypeInTheirDefaultId() {
		// given: fails before this change: both overloads got the id "orders.on" and registration failed
		DefaultEventBus testSubject = new DefaultEventBus(EventStore.none(), direct, DispatchSettings.defaults(),
				(failure) -> {
				});

		// when
		List<ObserverDefinition> observers = ObserverMethods.discover("orders", new Overloaded());
		observers.forEach(testSubject::register);

		// then
		assertThat(testSubject.observerIds()).containsExactlyInAnyOrder("orders.on(OrderPlaced)",
				"orders.on(Event<OrderShipped>)", "orders.audit");
		assertThat(ObserverMethods.discover("orders", new Overloaded())).extracting(ObserverDefinition::id)
			.as("stable from one discovery to the next")
			.containsExactlyInAnyOrderElementsOf(observers.stream().map(ObserverDefinition::id).toList());
	}

	@Test
	void anExplicitDuplicateIdStillFails() {
		// given
		DefaultEventBus testSubject = new DefaultEventBus(EventStore.none(), direct, DispatchSettings.defaults(),
				(failure) -> {
				});
		List<ObserverDefinition> observers = ObserverMethods.discover("orders", new Duplicated());
		testSubject.register(observers.get(0));

		// when / then
		assertThatIllegalStateException().isThrownBy(() -> testSubject.register(observers.get(1)))
			.withMessageContaining("'same'");
	}

}
