package io.github.eventbus.dispatch;

import java.util.List;

import io.github.eventbus.Event;

import org.springframework.transaction.support.TransactionSynchronization;

/**
 * Dispatches the events a publish appended inside a transaction once that transaction has committed,
 * outside of it (see {@link OutsideTransaction}); on rollback, nothing. Never throws: an exception
 * escaping {@code afterCommit} would skip the synchronizations after it, the dispatch of other publishes
 * of the same transaction among them.
 * <p>
 * Runs in {@code afterCommit}, or in {@code afterCompletion} when it was registered too late for
 * {@code afterCommit}: by a publish made from another synchronization's {@code afterCommit}.
 */
final class AfterCommitDispatch implements TransactionSynchronization {

	private final DefaultEventBus bus;

	private final List<Event<?>> events;

	private boolean done;

	AfterCommitDispatch(DefaultEventBus bus, List<Event<?>> events) {
		this.bus = bus;
		this.events = events;
	}

	@Override
	public void afterCommit() {
		run();
	}

	@Override
	public void afterCompletion(int status) {
		if (status == STATUS_COMMITTED) {
			run();
		}
	}

	private void run() {
		if (this.done) {
			return;
		}
		this.done = true;
		OutsideTransaction.run(() -> this.bus.dispatchCommitted(this.events));
	}

}
