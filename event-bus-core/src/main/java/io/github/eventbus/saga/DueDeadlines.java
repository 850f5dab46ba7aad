package io.github.eventbus.saga;

import java.time.Clock;
import java.util.List;

import io.github.eventbus.EventBus;
import io.github.eventbus.saga.SagaStore.SagaDeadline;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires the saga deadlines due by the clock: publishes a {@link DeadlineFired} event for each one and marks it
 * fired, both in one transaction when there are transactions (rolled back if the deadline was cancelled
 * meanwhile). Marking is a compare-and-set, so with several instances on one database each deadline fires
 * once. Stateless; when it runs is the {@link DeadlineScheduler}'s business.
 */
final class DueDeadlines {

	private static final int BATCH_SIZE = 100;

	private final SagaStore store;

	private final EventBus bus;

	private final @Nullable TransactionTemplate transactions;

	private final Clock clock;

	DueDeadlines(SagaStore store, EventBus bus, @Nullable TransactionTemplate transactions, Clock clock) {
		this.store = store;
		this.bus = bus;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** Fires the deadlines due now, in batches until none is left; returns how many this call fired. */
	int fire() {
		int fired = 0;
		List<SagaDeadline> due;
		do {
			due = this.store.due(this.clock.instant(), BATCH_SIZE);
			for (SagaDeadline deadline : due) {
				if (fire(deadline)) {
					fired++;
				}
			}
		}
		while (due.size() == BATCH_SIZE);
		return fired;
	}

	private boolean fire(SagaDeadline deadline) {
		if (this.transactions == null) {
			if (!this.store.markFired(deadline.deadlineId())) {
				return false;
			}
			publish(deadline);
			return true;
		}
		// Publish first: like a saga handler, take the event store's head lock before the deadline row,
		// so that a saga cancelling this deadline while the scheduler fires it cannot deadlock with it.
		return Boolean.TRUE.equals(this.transactions.execute((status) -> {
			publish(deadline);
			if (this.store.markFired(deadline.deadlineId())) {
				return true;
			}
			status.setRollbackOnly();
			return false;
		}));
	}

	private void publish(SagaDeadline deadline) {
		this.bus.publish("saga-deadline-" + deadline.sagaId(), new DeadlineFired(deadline.sagaType(),
				deadline.sagaId(), deadline.deadlineId(), deadline.name(), deadline.payload()));
	}

}
