package io.github.eventbus.sample.saga;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The detector used by the concurrent-orders test does see overlapping calls. */
class ConcurrencyDetectorTests {

	private final ConcurrencyDetector testSubject = new ConcurrencyDetector();

	@Test
	void overlappingCallsForOneOrderAreCounted() {
		// when
		this.testSubject.enter("o-1");
		this.testSubject.enter("o-2");
		this.testSubject.enter("o-1");
		this.testSubject.leave("o-1");
		this.testSubject.leave("o-1");
		this.testSubject.enter("o-1");
		// then
		assertThat(this.testSubject.overlaps()).isOne();
		assertThat(this.testSubject.calls()).isEqualTo(4);
	}

	@Test
	void sagaBeanIsWrappedSoEveryHandlerCallIsSeen() {
		// given
		Object bean = new OrderFulfillmentSaga(null, null, null, null, null);
		// when
		Object wrapped = this.testSubject.postProcessAfterInitialization(bean, "orderFulfillmentSaga");
		// then
		assertThat(wrapped).isNotSameAs(bean).isInstanceOf(OrderFulfillmentSaga.class);
		assertThat(this.testSubject.postProcessAfterInitialization("other", "other")).isEqualTo("other");
	}

}
