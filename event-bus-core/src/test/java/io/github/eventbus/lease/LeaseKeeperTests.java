package io.github.eventbus.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The keeper over an in-memory store whose clock the test moves: a lease only expires when the test says
 * so, so hand-overs are proven by order (released before expiry) rather than by wall-clock bounds.
 */
class LeaseKeeperTests {

	private static final Duration TTL = Duration.ofMillis(600);

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final StoreClock storeClock = new StoreClock();

	private final CutOffStore store = new CutOffStore(LeaseStore.inMemory(this.storeClock));

	private final LeaseKeeper testSubject = keeper("a");

	private final LeaseKeeper other = keeper("b");

	private LeaseKeeper keeper(String owner) {
		return new LeaseKeeper(this.store, owner, TTL, Duration.ofMillis(20));
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
		await().atMost(WAIT).until(() -> this.testSubject.held("relay") != null);
		assertThat(changes).hasValue(1);
		long token = this.testSubject.held("relay").token();
		this.other.keep("relay", () -> {
		});
		// the store's clock moves on past several lease durations; renewals keep the lease
		for (int i = 0; i < 5; i++) {
			Instant latestExpiry = this.storeClock.instant().plus(TTL);
			this.storeClock.advance(TTL.dividedBy(2));
			await().atMost(WAIT).until(() -> this.store.find("relay").orElseThrow().expiresAt().isAfter(latestExpiry));
		}
		assertThat(this.testSubject.held("relay")).isNotNull().extracting(Lease::token).isEqualTo(token);
		assertThat(this.other.held("relay")).isNull();
		assertThat(changes).hasValue(1);
	}

	@Test
	void handsTheLeaseOverWhenReleasedWithoutWaitingForItToExpire() {
		// given: the store's clock stands still, so the lease never expires
		this.testSubject.keep("relay", () -> {
		});
		await().atMost(WAIT).until(() -> this.testSubject.held("relay") != null);
		AtomicInteger changes = new AtomicInteger();
		this.other.keep("relay", changes::incrementAndGet);
		// when
		this.testSubject.release("relay");
		// then
		await().atMost(WAIT).until(() -> this.other.held("relay") != null);
		assertThat(this.testSubject.held("relay")).isNull();
		assertThat(changes).hasValue(1);
	}

	@Test
	void letsAnotherInstanceTakeOverOnceTheStoreSaysTheAbandonedLeaseExpired() {
		// given
		this.testSubject.keep("relay", () -> {
		});
		await().atMost(WAIT).until(() -> this.testSubject.held("relay") != null);
		this.other.keep("relay", () -> {
		});
		// when
		this.testSubject.abandon();
		// then: not before the store's clock passes the expiry, at once after
		await().during(TTL.multipliedBy(2)).atMost(WAIT).until(() -> this.other.held("relay") == null);
		this.storeClock.advance(TTL);
		await().atMost(WAIT).until(() -> this.other.held("relay") != null);
	}

	@Test
	void tellsTheListenerAndStopsHoldingWhenRenewalsFailForTheLeaseValidity() {
		// given
		AtomicInteger changes = new AtomicInteger();
		this.testSubject.keep("relay", changes::incrementAndGet);
		await().atMost(WAIT).until(() -> this.testSubject.held("relay") != null);
		// when: the store cannot be reached any more
		this.store.cutOff.set(true);
		// then
		await().atMost(WAIT).until(() -> changes.get() == 2);
		assertThat(this.testSubject.held("relay")).isNull();
		assertThat(this.testSubject.remaining("relay")).isEqualTo(Duration.ZERO);
	}

	@Test
	void handsOverOnRequestAndCompetesAgainOnlyWhenWanted() {
		// given
		this.testSubject.keep("segment-1", () -> {
		});
		await().atMost(WAIT).until(() -> this.testSubject.held("segment-1") != null);
		this.other.keep("segment-1", () -> {
		});
		// when
		this.testSubject.handOver("segment-1");
		// then
		await().atMost(WAIT).until(() -> this.other.held("segment-1") != null);
		this.other.handOver("segment-1");
		await().during(TTL).atMost(WAIT).until(() -> this.testSubject.held("segment-1") == null);
		this.testSubject.want("segment-1", true);
		await().atMost(WAIT).until(() -> this.testSubject.held("segment-1") != null);
	}

	/** A clock that only moves when told. */
	static final class StoreClock extends Clock {

		private volatile Instant now = Instant.parse("2026-11-23T08:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	/** A store that fails every call while cut off, as an unreachable database does. */
	static final class CutOffStore implements LeaseStore {

		final AtomicBoolean cutOff = new AtomicBoolean();

		private final LeaseStore delegate;

		CutOffStore(LeaseStore delegate) {
			this.delegate = delegate;
		}

		private void check() {
			if (this.cutOff.get()) {
				throw new IllegalStateException("database unreachable");
			}
		}

		@Override
		public Optional<Lease> tryAcquire(String name, String owner, Duration duration) {
			check();
			return this.delegate.tryAcquire(name, owner, duration);
		}

		@Override
		public Optional<Lease> renew(Lease lease, Duration duration) {
			check();
			return this.delegate.renew(lease, duration);
		}

		@Override
		public void release(Lease lease) {
			check();
			this.delegate.release(lease);
		}

		@Override
		public boolean isCurrent(Lease lease) {
			check();
			return this.delegate.isCurrent(lease);
		}

		@Override
		public Optional<Lease> find(String name) {
			return this.delegate.find(name);
		}

		@Override
		public List<Lease> findLive(List<String> names) {
			check();
			return this.delegate.findLive(names);
		}

	}

}
