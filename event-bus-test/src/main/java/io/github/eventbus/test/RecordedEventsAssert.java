package io.github.eventbus.test;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import io.github.eventbus.Event;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;

/**
 * AssertJ assertions over the {@link RecordedEvents} of a test. Each assertion reads the events recorded at
 * the moment it runs (wait first with a {@link Scenario} when observers publish asynchronously); a failure
 * lists every recorded event.
 */
public final class RecordedEventsAssert extends AbstractAssert<RecordedEventsAssert, RecordedEvents> {

	RecordedEventsAssert(RecordedEvents actual) {
		super(actual, RecordedEventsAssert.class);
	}

	/**
	 * Verifies that an event of a type (subtypes included) was published.
	 * @param type the payload type
	 * @return this
	 */
	public RecordedEventsAssert contains(Class<?> type) {
		return contains(type, (payload) -> true);
	}

	/**
	 * Verifies that an event of a type that matches a predicate was published.
	 * @param <T> the payload type
	 * @param type the payload type
	 * @param matching what its payload must satisfy
	 * @return this
	 */
	public <T> RecordedEventsAssert contains(Class<T> type, Predicate<? super T> matching) {
		isNotNull();
		List<Event<?>> events = this.actual.all();
		if (events.stream().noneMatch((event) -> matches(event, type, matching))) {
			failWithMessage("Expected a published %s event matching the condition, but the test published (%d):%n%s",
					type.getSimpleName(), events.size(), RecordedEvents.describe(events));
		}
		return this;
	}

	/**
	 * Verifies that no event of a type (subtypes included) was published.
	 * @param type the payload type
	 * @return this
	 */
	public RecordedEventsAssert doesNotContain(Class<?> type) {
		return doesNotContain(type, (payload) -> true);
	}

	/**
	 * Verifies that no event of a type matching a predicate was published.
	 * @param <T> the payload type
	 * @param type the payload type
	 * @param matching the condition no payload of that type may satisfy
	 * @return this
	 */
	public <T> RecordedEventsAssert doesNotContain(Class<T> type, Predicate<? super T> matching) {
		isNotNull();
		List<Event<?>> events = this.actual.all();
		List<Event<?>> found = events.stream().filter((event) -> matches(event, type, matching)).toList();
		if (!found.isEmpty()) {
			failWithMessage("Expected no published %s event matching the condition, but found:%n%s",
					type.getSimpleName(), RecordedEvents.describe(found));
		}
		return this;
	}

	/**
	 * Verifies that events of these types were published in this order, others possibly in between.
	 * @param types the payload types, in the expected order
	 * @return this
	 */
	public RecordedEventsAssert containsInOrder(Class<?>... types) {
		isNotNull();
		List<Event<?>> events = this.actual.all();
		int next = 0;
		for (Event<?> event : events) {
			if (next < types.length && types[next].isInstance(event.payload())) {
				next++;
			}
		}
		if (next < types.length) {
			failWithMessage("Expected events of types %s in that order, but %s did not follow; the test published:%n%s",
					Arrays.stream(types).map(Class::getSimpleName).toList(), types[next].getSimpleName(),
					RecordedEvents.describe(events));
		}
		return this;
	}

	/**
	 * Verifies how many events were published.
	 * @param expected the number of events
	 * @return this
	 */
	public RecordedEventsAssert hasSize(int expected) {
		isNotNull();
		List<Event<?>> events = this.actual.all();
		if (events.size() != expected) {
			failWithMessage("Expected %d published events but the test published %d:%n%s", expected, events.size(),
					RecordedEvents.describe(events));
		}
		return this;
	}

	/**
	 * Continues with the payloads of one type, for AssertJ's list assertions.
	 * @param <T> the payload type
	 * @param type the payload type
	 * @return assertions over those payloads, oldest first
	 */
	public <T> ListAssert<T> ofType(Class<T> type) {
		isNotNull();
		return Assertions.assertThat(this.actual.ofType(type));
	}

	private static <T> boolean matches(Event<?> event, Class<T> type, Predicate<? super T> matching) {
		return type.isInstance(event.payload()) && matching.test(type.cast(event.payload()));
	}

}
