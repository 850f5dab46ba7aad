package io.github.eventbus.test;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TestClockTests {

	private final TestClock testSubject = new TestClock();

	@Test
	void followsTheSystemClockPlusWhatWasAdvanced() {
		// given
		Instant before = Instant.now();
		// when
		this.testSubject.advance(Duration.ofMinutes(30));
		// then
		assertThat(this.testSubject.instant()).isAfterOrEqualTo(before.plus(Duration.ofMinutes(30)));
	}

	@Test
	void frozenItMovesOnlyWhenAdvanced() {
		// given
		Instant frozen = this.testSubject.freeze();
		// when
		Instant later = this.testSubject.advance(Duration.ofSeconds(5));
		// then
		assertThat(later).isEqualTo(frozen.plusSeconds(5));
		assertThat(this.testSubject.instant()).isEqualTo(later);
	}

	@Test
	void neverMovesBackwards() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.testSubject.advance(Duration.ofSeconds(-1)));
	}

}
