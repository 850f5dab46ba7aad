package io.github.eventbus.durable;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.deadletter.DeadLetters;
import org.jspecify.annotations.Nullable;

/**
 * {@link DeadLetters} over a {@link DeadLetterStore}: replays and discards are marks in the store, picked
 * up by whichever instance runs the observer; a local observer is woken at once.
 */
final class StoreBackedDeadLetters implements DeadLetters {

	private static final int PAGE = 500;

	private final DeadLetterStore store;

	private final Consumer<String> wake;

	StoreBackedDeadLetters(DeadLetterStore store, Consumer<String> wake) {
		this.store = store;
		this.wake = wake;
	}

	@Override
	public List<DeadLetter> list(@Nullable String observerId, int offset, int limit) {
		return this.store.list(observerId, offset, limit);
	}

	@Override
	public Optional<DeadLetter> find(long id) {
		return this.store.find(id);
	}

	@Override
	public int replay(long id) {
		return this.store.find(id).map((entry) -> marked(entry.observerId(), (entry.status() == DeadLetter.Status.UNREADABLE)
				? this.store.requestReplay(entry.observerId(), entry.streamId(), id)
				: this.store.requestReplay(entry.observerId(), entry.streamId(), null))).orElse(0);
	}

	@Override
	public int replayStream(String observerId, String streamId) {
		return marked(observerId, this.store.requestReplay(observerId, streamId, null));
	}

	@Override
	public int replayAll(String observerId) {
		return marked(observerId, this.store.requestReplay(observerId, null, null));
	}

	@Override
	public boolean discard(long id) {
		Optional<DeadLetter> found = this.store.find(id);
		if (found.isEmpty()) {
			return false;
		}
		DeadLetter entry = found.get();
		this.store.delete(id);
		if (entry.status() == DeadLetter.Status.FAILED) {
			// What was parked behind it is now free to go, in order: its stream, and the entries a saga
			// segmented by instance parked behind it on other streams (one marked entry replays its instance).
			this.store.requestReplay(entry.observerId(), entry.streamId(), null);
			for (long parked : parkedElsewhereBehind(entry)) {
				this.store.requestReplay(entry.observerId(), null, parked);
			}
		}
		this.wake.accept(entry.observerId());
		return true;
	}

	private List<Long> parkedElsewhereBehind(DeadLetter failed) {
		List<Long> parked = new ArrayList<>();
		for (int offset = 0;; offset += PAGE) {
			List<DeadLetter> page = this.store.list(failed.observerId(), offset, PAGE);
			for (DeadLetter entry : page) {
				if (Long.valueOf(failed.eventPosition()).equals(entry.blockedBy())
						&& !entry.streamId().equals(failed.streamId())) {
					parked.add(entry.id());
				}
			}
			if (page.size() < PAGE) {
				return parked;
			}
		}
	}

	private int marked(String observerId, int count) {
		if (count > 0) {
			this.wake.accept(observerId);
		}
		return count;
	}

}
