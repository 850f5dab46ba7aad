package io.github.eventbus.lease;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LeaseKeeperTests {

	private static final Duration TTL = Duration.ofMillis(1500);

	private final LeaseStore store = LeaseStore.inMemory();

	private final LeaseKeeper testSubject = keeper("a");

	private final LeaseKeeper other = keeper("b");

	private LeaseKeeper keeper(String owner) {
		return new LeaseKeeper(this.store, owner, TTL, Duration.ofMillis(20), Clock.systemUTC());
	}

	@AfterEach
	void close() {
		this.testSubject.close();
		this.other.close();
	}

	@Test
	void acquiresAFreeLeaseKeepsItBeyondItsDurationAndTellsTheListener() {
		// given
		AtomicInteger changes = new AtomicInteger();
		// when
		this.testSubject.keep("relay", changes::incrementAndGet);
		// then
		await().atMost(Duration.ofSeconds(5)).until(() -> this.testSubject.held("relay") != null);
		assertThat(changes).hasValue(1);
		long token = this.testSubject.held("relay").token();
		this.other.keep("relay", () -> {
		});
		await().during(TTL.multipliedBy(2)).atMost(TTL.multipliedBy(3))
			.until(() -> this.testSubject.held("relay") != null && this.other.held("relay") == null);
		assertThat(this.testSubject.held("relay").token()).isEqualTo(token);
	}

	@Test
	void handsTheLeaseOverAtOnceWhenReleased() {
		// given
		this.testSubject.keep("relay", () -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.testSubject.held("relay") != null);
		AtomicInteger changes = new AtomicInteger();
		this.other.keep("relay", changes::incrementAndGet);
		// when
		long releasedAt = System.nanoTime();
		this.testSubject.release("relay");
		// then
		await().atMost(TTL).until(() -> this.other.held("relay") != null);
		assertThat(Duration.ofNanos(System.nanoTime() - releasedAt)).isLessThan(TTL);
		assertThat(this.testSubject.held("relay")).isNull();
		assertThat(changes).hasValue(1);
	}

	@Test
	void letsAnotherInstanceTakeOverWithinTheLeaseTimeWhenTheOwnerStopsRenewing() {
		// given
		this.testSubject.keep("relay", () -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.testSubject.held("relay") != null);
		this.other.keep("relay", () -> {
		});
		// when
		long crashedAt = System.nanoTime();
		this.testSubject.abandon();
		// then
		await().atMost(TTL.multipliedBy(2)).until(() -> this.other.held("relay") != null);
		assertThat(Duration.ofNanos(System.nanoTime() - crashedAt)).isLessThanOrEqualTo(TTL.plusMillis(300));
	}

}
