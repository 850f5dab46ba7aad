package io.github.eventbus.durable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.github.eventbus.durable.AbstractDurableObserversTests.Stores;
import io.github.eventbus.lease.Lease;
import io.github.eventbus.lease.LeaseStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every lease and checkpoint backend must do; one subclass per backend. */
abstract class AbstractLeaseAndCheckpointTests {

	static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

	static final Duration TTL = Duration.ofSeconds(10);

	LeaseStore testSubject;

	CheckpointStore checkpoints;

	abstract Stores newStores();

	@BeforeEach
	void createStores() {
		Stores stores = newStores();
		this.testSubject = stores.leases();
		this.checkpoints = stores.checkpoints();
	}

	@Test
	void grantsAFreeLeaseAndRefusesItToOthersUntilItExpires() {
		// when
		Optional<Lease> first = this.testSubject.tryAcquire("orders", "a", T0, T0.plus(TTL));
		Optional<Lease> second = this.testSubject.tryAcquire("orders", "b", T0.plusSeconds(9), T0.plusSeconds(19));
		// then
		assertThat(first).hasValueSatisfying((lease) -> assertThat(lease.owner()).isEqualTo("a"));
		assertThat(second).isEmpty();
		assertThat(this.testSubject.find("orders")).hasValueSatisfying((lease) -> assertThat(lease.owner()).isEqualTo("a"));
	}

	@Test
	void letsAnotherOwnerTakeAnExpiredLeaseWithANewTokenAndFencesTheOldOne() {
		// given
		Lease old = this.testSubject.tryAcquire("orders", "a", T0, T0.plus(TTL)).orElseThrow();
		// when
		Lease taken = this.testSubject.tryAcquire("orders", "b", T0.plus(TTL), T0.plus(TTL).plus(TTL)).orElseThrow();
		// then
		assertThat(taken.token()).isGreaterThan(old.token());
		assertThat(this.testSubject.isCurrent(old)).isFalse();
		assertThat(this.testSubject.isCurrent(taken)).isTrue();
		assertThat(this.testSubject.renew(old, T0.plusSeconds(30))).isEmpty();
	}

	@Test
	void renewsAndReleases() {
		// given
		Lease lease = this.testSubject.tryAcquire("orders", "a", T0, T0.plus(TTL)).orElseThrow();
		// when
		Lease renewed = this.testSubject.renew(lease, T0.plusSeconds(15)).orElseThrow();
		// then
		assertThat(this.testSubject.tryAcquire("orders", "b", T0.plusSeconds(12), T0.plusSeconds(22))).isEmpty();
		this.testSubject.release(renewed);
		assertThat(this.testSubject.tryAcquire("orders", "b", T0.plusSeconds(12), T0.plusSeconds(22))).isPresent();
	}

	@Test
	void grantsAFreeLeaseToExactlyOneOfManyRacingInstances() throws Exception {
		// given
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		List<Callable<Boolean>> racers = IntStream.range(0, 8).<Callable<Boolean>>mapToObj((i) -> () -> {
			start.await();
			return this.testSubject.tryAcquire("race", "instance-" + i, T0, T0.plus(TTL)).isPresent();
		}).toList();
		// when
		List<Future<Boolean>> results = racers.stream().map(pool::submit).toList();
		start.countDown();
		long winners = 0;
		for (Future<Boolean> result : results) {
			winners += result.get() ? 1 : 0;
		}
		pool.shutdown();
		// then
		assertThat(winners).isEqualTo(1);
	}

	@Test
	void savesACheckpointOnlyUnderTheCurrentLease() {
		// given
		Lease old = this.testSubject.tryAcquire("orders", "a", T0, T0.plus(TTL)).orElseThrow();
		assertThat(this.checkpoints.save("orders", 7, old)).isTrue();
		assertThat(this.checkpoints.save("orders", 9, old)).isTrue();
		Lease taken = this.testSubject.tryAcquire("orders", "b", T0.plus(TTL), T0.plus(TTL).plus(TTL)).orElseThrow();
		// when
		boolean savedByFormerOwner = this.checkpoints.save("orders", 42, old);
		// then
		assertThat(savedByFormerOwner).isFalse();
		assertThat(this.checkpoints.find("orders")).hasValue(9);
		assertThat(this.checkpoints.save("orders", 10, taken)).isTrue();
		assertThat(this.checkpoints.find("orders")).hasValue(10);
		assertThat(this.checkpoints.find("unknown")).isEmpty();
	}

}
