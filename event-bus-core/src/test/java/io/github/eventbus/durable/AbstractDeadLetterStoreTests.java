package io.github.eventbus.durable;

import java.time.Instant;
import java.util.UUID;

import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetter.Status;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.durable.AbstractDurableObserversTests.Stores;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** What every dead-letter backend must do; one subclass per backend. */
abstract class AbstractDeadLetterStoreTests {

	static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

	DeadLetterStore testSubject;

	abstract Stores newStores();

	@BeforeEach
	void createStore() {
		this.testSubject = newStores().deadLetters();
	}

	static DeadLetter entryOf(String observer, long position, String stream, Status status, @Nullable Long blockedBy) {
		boolean failed = status != Status.PARKED;
		return new DeadLetter(0, observer, position, UUID.randomUUID(), stream, "OrderPlaced", status, blockedBy,
				failed ? "java.lang.IllegalStateException" : null, failed ? "boom" : null,
				failed ? "java.lang.IllegalStateException: boom\n\tat here" : null, failed ? 3 : 0, T0,
				T0.plusSeconds(1), false);
	}

	@Test
	void keepsEverythingAnEntryCarriesAndIgnoresASecondEntryForTheSameEvent() {
		// given
		DeadLetter failed = entryOf("orders", 7, "order-1", Status.FAILED, null);
		// when
		boolean added = this.testSubject.add(failed);
		boolean addedAgain = this.testSubject.add(new DeadLetter(0, "orders", 7, failed.eventId(), "order-1",
				"OrderPlaced", Status.PARKED, 7L, null, null, null, 0, T0, T0, false));
		// then
		assertThat(added).isTrue();
		assertThat(addedAgain).isFalse();
		DeadLetter stored = this.testSubject.list("orders", 0, 10).get(0);
		assertThat(stored.id()).isPositive();
		assertThat(stored).usingRecursiveComparison().ignoringFields("id").isEqualTo(failed);
		assertThat(this.testSubject.find(stored.id())).contains(stored);
	}

	@Test
	void keepsEntriesOfDifferentEventsAtOnePositionSuchAsKafkaRecordsOfTwoTopics() {
		// given: two records whose position (a producer's header, or an offset) is the same
		DeadLetter first = entryOf("kafka-orders", 5, "order-1", Status.FAILED, null);
		DeadLetter second = entryOf("kafka-orders", 5, "order-2", Status.FAILED, null);
		// when
		boolean addedFirst = this.testSubject.add(first);
		boolean addedSecond = this.testSubject.add(second);
		// then
		assertThat(addedFirst).isTrue();
		assertThat(addedSecond).isTrue();
		assertThat(this.testSubject.list("kafka-orders", 0, 10)).extracting(DeadLetter::eventId)
			.containsExactlyInAnyOrder(first.eventId(), second.eventId());
	}

	@Test
	void keepsACopyOfTheEventWhenGivenOneAndDropsItWithTheEntry() {
		// given
		this.testSubject.add(entryOf("kafka-orders", 5, "order-1", Status.FAILED, null), "{\"value\":\"copy\"}");
		this.testSubject.add(entryOf("orders", 6, "order-1", Status.FAILED, null));
		DeadLetter withCopy = this.testSubject.list("kafka-orders", 0, 10).get(0);
		DeadLetter without = this.testSubject.list("orders", 0, 10).get(0);
		// then
		assertThat(this.testSubject.eventCopy(withCopy.id())).contains("{\"value\":\"copy\"}");
		assertThat(this.testSubject.eventCopy(without.id())).isEmpty();
		this.testSubject.delete(withCopy.id());
		assertThat(this.testSubject.eventCopy(withCopy.id())).isEmpty();
	}

	@Test
	void pagesInEventPositionOrderPerObserverOrForAll() {
		// given
		this.testSubject.add(entryOf("orders", 30, "order-3", Status.FAILED, null));
		this.testSubject.add(entryOf("orders", 10, "order-1", Status.FAILED, null));
		this.testSubject.add(entryOf("stock", 15, "sku-1", Status.FAILED, null));
		this.testSubject.add(entryOf("orders", 20, "order-1", Status.PARKED, 10L));
		// then
		assertThat(this.testSubject.list("orders", 0, 2)).extracting(DeadLetter::eventPosition).containsExactly(10L, 20L);
		assertThat(this.testSubject.list("orders", 2, 2)).extracting(DeadLetter::eventPosition).containsExactly(30L);
		assertThat(this.testSubject.list(null, 1, 2)).extracting(DeadLetter::eventPosition).containsExactly(15L, 20L);
		assertThat(this.testSubject.count("orders")).isEqualTo(3);
		assertThat(this.testSubject.listStream("orders", "order-1")).extracting(DeadLetter::eventPosition)
			.containsExactly(10L, 20L);
	}

	@Test
	void reportsTheStreamsBlockedByFailedOrParkedEntriesButNotByUnreadableOnes() {
		// given
		this.testSubject.add(entryOf("orders", 10, "order-1", Status.FAILED, null));
		this.testSubject.add(entryOf("orders", 12, "order-1", Status.PARKED, 10L));
		this.testSubject.add(entryOf("orders", 11, "order-2", Status.PARKED, 5L));
		this.testSubject.add(entryOf("orders", 13, "order-3", Status.UNREADABLE, null));
		this.testSubject.add(entryOf("stock", 14, "sku-1", Status.FAILED, null));
		// then
		assertThat(this.testSubject.blockedStreams("orders")).containsOnly(entry("order-1", 10L), entry("order-2", 11L));
	}

	@Test
	void marksReplaysByEntryStreamOrObserverAndClearsTheMarkOnUpdate() {
		// given
		this.testSubject.add(entryOf("orders", 10, "order-1", Status.FAILED, null));
		this.testSubject.add(entryOf("orders", 12, "order-1", Status.PARKED, 10L));
		this.testSubject.add(entryOf("orders", 11, "order-2", Status.FAILED, null));
		this.testSubject.add(entryOf("stock", 14, "sku-1", Status.FAILED, null));
		long first = this.testSubject.list("orders", 0, 1).get(0).id();
		// when / then
		assertThat(this.testSubject.requestReplay("orders", null, first)).isEqualTo(1);
		assertThat(this.testSubject.replayRequested("orders", 10)).extracting(DeadLetter::id).containsExactly(first);
		assertThat(this.testSubject.requestReplay("orders", "order-1", null)).isEqualTo(2);
		assertThat(this.testSubject.requestReplay("orders", null, null)).isEqualTo(3);
		assertThat(this.testSubject.replayRequested("orders", 2)).extracting(DeadLetter::eventPosition)
			.containsExactly(10L, 11L);
		DeadLetter replayedAndFailed = this.testSubject.find(first)
			.orElseThrow()
			.withFailure(Status.FAILED, null, "java.lang.RuntimeException", "again", "trace", 4, T0.plusSeconds(60));
		this.testSubject.update(replayedAndFailed);
		assertThat(this.testSubject.find(first)).contains(replayedAndFailed);
		assertThat(this.testSubject.replayRequested("orders", 10)).hasSize(2);
		assertThat(this.testSubject.replayRequested("stock", 10)).isEmpty();
	}

	@Test
	void deletes() {
		// given
		this.testSubject.add(entryOf("orders", 10, "order-1", Status.FAILED, null));
		long id = this.testSubject.list("orders", 0, 1).get(0).id();
		// when
		this.testSubject.delete(id);
		// then
		assertThat(this.testSubject.find(id)).isEmpty();
		assertThat(this.testSubject.count("orders")).isZero();
		assertThat(this.testSubject.blockedStreams("orders")).isEmpty();
	}

	@Test
	void deletesEveryEntryOfOneObserver() {
		// given
		this.testSubject.add(entryOf("orders", 10, "order-1", Status.FAILED, null));
		this.testSubject.add(entryOf("orders", 11, "order-1", Status.PARKED, 10L));
		this.testSubject.add(entryOf("stock", 12, "item-1", Status.FAILED, null));
		// when
		int deleted = this.testSubject.deleteAll("orders");
		// then
		assertThat(deleted).isEqualTo(2);
		assertThat(this.testSubject.count("orders")).isZero();
		assertThat(this.testSubject.count("stock")).isOne();
	}

}
