package io.github.eventbus.dispatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a drain that ran dry spins before it parks: long enough to catch a steady sparse stream, bounded,
 * and short when the traffic's pace is unknown, too sparse, or when no core is spare.
 */
class LingerSpellTests {

	@Test
	void aSpellLastsTwiceTheRecentIdleGapSoASparseStreamFindsItsConsumerAwake() {
		// given: one event every 200 µs
		long gap = 200_000;

		// when
		long spell = Mailbox.spellNanos(gap, true);

		// then
		assertThat(spell).isGreaterThan(gap).isLessThanOrEqualTo(500_000);
	}

	@Test
	void aSpellIsShortWhileThePaceIsUnknown() {
		assertThat(Mailbox.spellNanos(-1, true)).isEqualTo(10_000);
	}

	@Test
	void trafficSparserThanTheLongestSpellParksBetweenEvents() {
		assertThat(Mailbox.spellNanos(2_000_000, true)).isEqualTo(10_000);
	}

	@Test
	void aSpellIsShortWhenNoCoreIsSpare() {
		assertThat(Mailbox.spellNanos(200_000, false)).isEqualTo(10_000);
	}

	@Test
	void aSpellIsNeverLongerThanTheBound() {
		assertThat(Mailbox.spellNanos(400_000, true)).isEqualTo(500_000);
	}

}
