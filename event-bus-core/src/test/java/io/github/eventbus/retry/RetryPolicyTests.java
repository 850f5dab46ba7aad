package io.github.eventbus.retry;

import java.time.Duration;

import io.github.eventbus.Retry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryPolicyTests {

	RetryPolicy testSubject = new RetryPolicy(5, Duration.ofMillis(100), 2.0, Duration.ofMillis(500));

	@Test
	void growsTheBackoffByTheMultiplierUpToTheMaximum() {
		assertThat(this.testSubject.backoffAfter(1)).isEqualTo(Duration.ofMillis(100));
		assertThat(this.testSubject.backoffAfter(2)).isEqualTo(Duration.ofMillis(200));
		assertThat(this.testSubject.backoffAfter(3)).isEqualTo(Duration.ofMillis(400));
		assertThat(this.testSubject.backoffAfter(4)).isEqualTo(Duration.ofMillis(500));
		assertThat(this.testSubject.backoffAfter(1000)).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void allowsAttemptsUpToTheMaximum() {
		assertThat(this.testSubject.allowsAnotherAttempt(4)).isTrue();
		assertThat(this.testSubject.allowsAnotherAttempt(5)).isFalse();
		assertThat(RetryPolicy.noRetries().allowsAnotherAttempt(1)).isFalse();
	}

	@Test
	void takesTheAttributesSetOnRetryAndKeepsTheOthers() throws Exception {
		// given
		Retry retry = Annotated.class.getDeclaredMethod("on").getAnnotation(Retry.class);
		// when
		RetryPolicy merged = this.testSubject.overriddenBy(retry);
		// then
		assertThat(merged).isEqualTo(new RetryPolicy(7, Duration.ofSeconds(1), 2.0, Duration.ofMillis(500)));
		assertThat(this.testSubject.overriddenBy(null)).isSameAs(this.testSubject);
	}

	@Test
	void rejectsNonsense() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(0, Duration.ZERO, 1, Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(1, Duration.ZERO, 0.5, Duration.ZERO));
	}

	static class Annotated {

		@Retry(maxAttempts = 7, initialBackoff = "1s")
		void on() {
		}

	}

}
