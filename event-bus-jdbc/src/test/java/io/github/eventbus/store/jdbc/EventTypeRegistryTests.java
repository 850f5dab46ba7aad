package io.github.eventbus.store.jdbc;

import java.io.Serializable;

import io.github.eventbus.EventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link EventTypeRegistry#registerObserved(Class)}. */
class EventTypeRegistryTests {

	private final EventTypeRegistry testSubject = new EventTypeRegistry();

	@Test
	void registersAConcreteObservedClassUnderItsTypeName() {
		// when
		boolean registered = this.testSubject.registerObserved(Shipped.class);
		// then
		assertThat(registered).isTrue();
		assertThat(this.testSubject.classOf("shipped")).isEqualTo(Shipped.class);
	}

	@Test
	void skipsTypesNoStoredEventCanBeReadAs() {
		assertThat(this.testSubject.registerObserved(Object.class)).isFalse();
		assertThat(this.testSubject.registerObserved(Serializable.class)).isFalse();
		assertThat(this.testSubject.registerObserved(Parcel.class)).isFalse();
		assertThat(this.testSubject.registerObserved(int.class)).isFalse();
		assertThat(this.testSubject.registerObserved(Shipped[].class)).isFalse();
		assertThat(this.testSubject.classOf("Object")).isNull();
		assertThat(this.testSubject.classOf("Parcel")).isNull();
	}

	abstract static class Parcel {

	}

	@EventType("shipped")
	record Shipped(String parcelId) {
	}

}
