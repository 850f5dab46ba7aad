package io.github.eventbus.saga;

import java.time.Instant;

import io.github.eventbus.saga.SagaStore.SagaDeadline;
import io.github.eventbus.saga.SagaStore.SagaInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What every {@link SagaStore} must do; one subclass per backend. */
public abstract class SagaStoreContractTests {

	private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

	protected SagaStore testSubject;

	protected abstract SagaStore createStore();

	@BeforeEach
	void createTestSubject() {
		this.testSubject = createStore();
	}

	@Test
	void insertedInstanceIsFoundByItsAssociation() {
		// given
		this.testSubject.insert(new SagaInstance("order", "s1", "{\"a\":1}", 0, 7, false));
		this.testSubject.associate("order", "s1", "orderId", "o-1");
		// when
		String sagaId = this.testSubject.findSagaId("order", "orderId", "o-1").orElseThrow();
		// then
		assertThat(sagaId).isEqualTo("s1");
		assertThat(this.testSubject.load("order", "s1"))
			.contains(new SagaInstance("order", "s1", "{\"a\":1}", 1, 7, false));
		assertThat(this.testSubject.findSagaId("other", "orderId", "o-1")).isEmpty();
	}

	@Test
	void updateChecksTheVersion() {
		// given
		this.testSubject.insert(new SagaInstance("order", "s2", "{}", 0, 1, false));
		this.testSubject.update(new SagaInstance("order", "s2", "{\"b\":2}", 2, 5, false));
		// when / then
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> this.testSubject.update(new SagaInstance("order", "s2", "{\"c\":3}", 2, 6, true)));
		assertThat(this.testSubject.load("order", "s2"))
			.contains(new SagaInstance("order", "s2", "{\"b\":2}", 2, 5, false));
	}

	@Test
	void oneValueIsAssociatedWithOneInstance() {
		// given
		this.testSubject.associate("order", "s3", "orderId", "o-3");
		// when
		this.testSubject.associate("order", "s3", "orderId", "o-3");
		// then
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.testSubject.associate("order", "s4", "orderId", "o-3"));
	}

	@Test
	void deadlinesFallDueFireOnceAndCanBeCancelled() {
		// given
		this.testSubject.schedule(new SagaDeadline("d1", "order", "s5", "pay", NOW.plusSeconds(10), "{}", false));
		this.testSubject.schedule(new SagaDeadline("d2", "order", "s5", "pay", NOW.plusSeconds(5), null, false));
		this.testSubject.schedule(new SagaDeadline("d3", "order", "s5", "ship", NOW.plusSeconds(60), null, false));
		// when / then
		assertThat(this.testSubject.due(NOW, 10)).isEmpty();
		assertThat(this.testSubject.due(NOW.plusSeconds(10), 10)).extracting(SagaDeadline::deadlineId)
			.containsExactly("d2", "d1");
		assertThat(this.testSubject.markFired("d2")).isTrue();
		assertThat(this.testSubject.markFired("d2")).isFalse();
		assertThat(this.testSubject.due(NOW.plusSeconds(10), 10)).extracting(SagaDeadline::deadlineId)
			.containsExactly("d1");
		assertThat(this.testSubject.findDeadline("d2")).hasValueSatisfying((d) -> assertThat(d.fired()).isTrue());
		this.testSubject.cancelAll("order", "s5", "pay");
		assertThat(this.testSubject.findDeadline("d1")).isEmpty();
		assertThat(this.testSubject.findDeadline("d2")).isEmpty();
		assertThat(this.testSubject.cancel("d3")).isTrue();
		assertThat(this.testSubject.due(NOW.plusSeconds(100), 10)).isEmpty();
	}

	@Test
	void nextDueIsThatOfTheEarliestPendingDeadline() {
		// given
		assertThat(this.testSubject.nextDue()).isEmpty();
		this.testSubject.schedule(new SagaDeadline("d1", "order", "s6", "pay", NOW.plusSeconds(5), null, false));
		this.testSubject.schedule(new SagaDeadline("d2", "order", "s6", "pay", NOW.plusSeconds(10), null, false));
		this.testSubject.schedule(new SagaDeadline("d3", "order", "s6", "ship", NOW.plusSeconds(60), null, false));
		// when
		this.testSubject.markFired("d1");
		this.testSubject.cancel("d2");
		// then
		assertThat(this.testSubject.nextDue()).hasValue(NOW.plusSeconds(60));
		this.testSubject.markFired("d3");
		assertThat(this.testSubject.nextDue()).isEmpty();
	}

}
