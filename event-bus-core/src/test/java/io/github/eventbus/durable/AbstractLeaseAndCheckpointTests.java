package io.github.eventbus.durable;

import java.time.Duration;
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
import io.github.eventbus.lease.LeaseKeeper;
import io.github.eventbus.lease.LeaseStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every lease and checkpoint backend must do; one subclass per backend. Callers pass durations, never
 * times: expiry is judged by the store's clock (the database's for a table).
 */
abstract class AbstractLeaseAndCheckpointTests {

	static final Duration TTL = Duration.ofMinutes(10);

	static final Duration SHORT = Duration.ofMillis(1);

	static final Duration WAIT = Duration.ofSeconds(20);

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
		Optional<Lease> first = this.testSubject.tryAcquire("orders", "a", TTL);
		Optional<Lease> second = this.testSubject.tryAcquire("orders", "b", TTL);
		// then
		assertThat(first).hasValueSatisfying((lease) -> assertThat(lease.owner()).isEqualTo("a"));
		assertThat(second).isEmpty();
		assertThat(this.testSubject.find("orders")).hasValueSatisfying((lease) -> assertThat(lease.owner()).isEqualTo("a"));
		assertThat(this.testSubject.findLive("orders")).hasValueSatisfying((lease) -> assertThat(lease.owner()).isEqualTo("a"));
	}

	@Test
	void letsAnotherOwnerTakeAnExpiredLeaseWithANewTokenAndFencesTheOldOne() {
		// given
		Lease old = this.testSubject.tryAcquire("orders", "a", SHORT).orElseThrow();
		// when
		Lease taken = await().atMost(WAIT).until(() -> this.testSubject.tryAcquire("orders", "b", TTL), Optional::isPresent)
			.orElseThrow();
		// then
		assertThat(taken.token()).isGreaterThan(old.token());
		assertThat(this.testSubject.isCurrent(old)).isFalse();
		assertThat(this.testSubject.isCurrent(taken)).isTrue();
		assertThat(this.testSubject.renew(old, TTL)).isEmpty();
	}

	@Test
	void renewsAndReleases() {
		// given
		Lease lease = this.testSubject.tryAcquire("orders", "a", SHORT).orElseThrow();
		// when
		Lease renewed = this.testSubject.renew(lease, TTL).orElseThrow();
		// then
		assertThat(renewed.token()).isEqualTo(lease.token());
		assertThat(renewed.expiresAt()).isAfter(lease.expiresAt());
		assertThat(this.testSubject.tryAcquire("orders", "b", TTL)).isEmpty();
		this.testSubject.release(renewed);
		assertThat(this.testSubject.findLive("orders")).isEmpty();
		assertThat(this.testSubject.tryAcquire("orders", "b", TTL)).isPresent();
	}

	@Test
	void listsOnlyTheLeasesThatHaveNotExpired() {
		// given
		this.testSubject.tryAcquire("segment-0", "a", TTL);
		this.testSubject.tryAcquire("segment-1", "b", SHORT);
		this.testSubject.tryAcquire("segment-2", "c", TTL);
		// then
		await().atMost(WAIT).until(() -> this.testSubject.findLive(List.of("segment-0", "segment-1", "segment-2", "none"))
			.size() == 2);
		assertThat(this.testSubject.findLive(List.of("segment-0", "segment-1", "segment-2", "none")))
			.extracting(Lease::owner)
			.containsExactlyInAnyOrder("a", "c");
		assertThat(this.testSubject.findLive(List.of())).isEmpty();
	}

	@Test
	void grantsAFreeLeaseToExactlyOneOfManyRacingInstances() throws Exception {
		// given
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		List<Callable<Boolean>> racers = IntStream.range(0, 8).<Callable<Boolean>>mapToObj((i) -> () -> {
			start.await();
			return this.testSubject.tryAcquire("race", "instance-" + i, TTL).isPresent();
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
	void keepersNeverHoldOneLeaseAtOnceAndHandItOverOnRelease() {
		// given
		LeaseKeeper a = new LeaseKeeper(this.testSubject, "a", Duration.ofMillis(900), Duration.ofMillis(20));
		LeaseKeeper b = new LeaseKeeper(this.testSubject, "b", Duration.ofMillis(900), Duration.ofMillis(20));
		try {
			a.keep("orders", () -> {
			});
			await().atMost(WAIT).until(() -> a.held("orders") != null);
			// when
			b.keep("orders", () -> {
			});
			// then: through several lease durations, never both. Not "a keeps it": on a loaded machine a renewal
			// can come later than the lease allows, and then b taking over is right.
			await().during(Duration.ofMillis(2700))
				.atMost(WAIT)
				.until(() -> a.held("orders") == null || b.held("orders") == null);
			a.release("orders");
			await().atMost(WAIT).until(() -> b.held("orders") != null);
		}
		finally {
			a.close();
			b.close();
		}
	}

	@Test
	void savesACheckpointOnlyUnderTheCurrentLease() {
		// given
		Lease old = this.testSubject.tryAcquire("orders", "a", SHORT).orElseThrow();
		assertThat(this.checkpoints.save("orders", 7, old)).isTrue();
		assertThat(this.checkpoints.save("orders", 9, old)).isTrue();
		Lease taken = await().atMost(WAIT).until(() -> this.testSubject.tryAcquire("orders", "b", TTL), Optional::isPresent)
			.orElseThrow();
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
