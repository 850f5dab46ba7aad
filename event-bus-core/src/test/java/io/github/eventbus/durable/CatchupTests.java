package io.github.eventbus.durable;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link Catchup}. */
class CatchupTests {

	private static final long POLL = TimeUnit.MILLISECONDS.toNanos(200);

	private static final long FIRST = Catchup.FIRST_RETRY_NANOS;

	private final Catchup testSubject = new Catchup();

	@Test
	void waitsForThePollWhenNothingIsExpected() {
		assertThat(this.testSubject.afterRead(1, false, false, POLL)).isEqualTo(Long.MAX_VALUE);
		assertThat(this.testSubject.afterRead(5, true, false, POLL)).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void readsAgainSoonAndLessOftenWhileACommittedEventIsNotReadable() {
		// given
		this.testSubject.expect(7);
		// when / then
		assertThat(this.testSubject.afterRead(7, false, false, POLL)).isEqualTo(FIRST);
		assertThat(this.testSubject.afterRead(7, false, false, POLL)).isEqualTo(2 * FIRST);
		assertThat(this.testSubject.afterRead(7, false, false, POLL)).isEqualTo(4 * FIRST);
		// when: events before it show up, it is still missing
		assertThat(this.testSubject.afterRead(7, true, false, POLL)).isEqualTo(FIRST);
		// when: it shows up
		assertThat(this.testSubject.afterRead(8, true, false, POLL)).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void leavesAnEventHeldBackLongerThanAPollToThePollAndDoesNotStartOverForIt() {
		// given
		this.testSubject.expect(7);
		long delay = 0;
		int reads = 0;
		// when
		while (delay != Long.MAX_VALUE) {
			delay = this.testSubject.afterRead(7, false, false, POLL);
			reads++;
		}
		// then
		assertThat(reads).isBetween(5, 20);
		assertThat(this.testSubject.afterRead(7, false, false, POLL)).isEqualTo(Long.MAX_VALUE);
		// when: a later event is committed
		this.testSubject.expect(9);
		// then
		assertThat(this.testSubject.afterRead(7, false, false, POLL)).isEqualTo(FIRST);
	}

	@Test
	void givesAWakeUpWithoutPositionOneLadderWhenItsReadFindsNothing() {
		// given
		this.testSubject.nudge();
		// when
		boolean nudged = this.testSubject.takeNudge();
		// then
		assertThat(nudged).isTrue();
		assertThat(this.testSubject.takeNudge()).isFalse();
		assertThat(this.testSubject.afterRead(3, false, nudged, POLL)).isEqualTo(FIRST);
		assertThat(this.testSubject.afterRead(3, false, false, POLL)).isEqualTo(2 * FIRST);
		assertThat(this.testSubject.afterRead(4, true, false, POLL)).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void ignoresAWakeUpWithoutPositionWhoseReadFoundEvents() {
		this.testSubject.nudge();
		assertThat(this.testSubject.afterRead(4, true, this.testSubject.takeNudge(), POLL)).isEqualTo(Long.MAX_VALUE);
	}

}
