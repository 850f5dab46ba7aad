package io.github.eventbus.kafka;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** What every {@link ProcessedEvents} must do; one subclass per backend. */
public abstract class ProcessedEventsContractTests {

	protected ProcessedEvents testSubject;

	protected abstract ProcessedEvents create();

	@BeforeEach
	void createTestSubject() {
		this.testSubject = create();
	}

	@Test
	void runsTheHandlerOnceAndRecordsTheEvent() {
		// given
		UUID id = UUID.randomUUID();
		AtomicInteger calls = new AtomicInteger();

		// when
		boolean first = this.testSubject.handleOnce("observer", id, calls::incrementAndGet);
		boolean second = this.testSubject.handleOnce("observer", id, calls::incrementAndGet);

		// then
		assertThat(first).isTrue();
		assertThat(second).isFalse();
		assertThat(calls).hasValue(1);
		assertThat(this.testSubject.isProcessed("observer", id)).isTrue();
	}

	@Test
	void keepsObserversApart() {
		// given
		UUID id = UUID.randomUUID();
		this.testSubject.handleOnce("one", id, () -> {
		});

		// when
		boolean other = this.testSubject.handleOnce("two", id, () -> {
		});

		// then
		assertThat(other).isTrue();
	}

	@Test
	void aFailedHandlerLeavesTheEventUnrecorded() {
		// given
		UUID id = UUID.randomUUID();

		// when
		assertThatIllegalStateException().isThrownBy(() -> this.testSubject.handleOnce("observer", id, () -> {
			throw new IllegalStateException("boom");
		}));

		// then
		assertThat(this.testSubject.isProcessed("observer", id)).isFalse();
		assertThat(this.testSubject.handleOnce("observer", id, () -> {
		})).isTrue();
	}

}
