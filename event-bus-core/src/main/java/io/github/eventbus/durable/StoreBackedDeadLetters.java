package io.github.eventbus.durable;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.deadletter.DeadLetters;
import org.jspecify.annotations.Nullable;

/**
 * {@link DeadLetters} over a {@link DeadLetterStore}: replays and discards are marks in the store, picked
 * up by whichever instance runs the observer; a local observer is woken at once. For an observer whose
 * failures hold back an ordering key ({@link Ownership#blocksByKey}, a saga by saga instance), one entry is
 * marked, and its replay runs what its key holds back only: other instances' entries on its stream stay.
 */
final class StoreBackedDeadLetters implements DeadLetters {

	private static final int PAGE = 500;

	private final DeadLetterStore store;

	private final Consumer<String> wake;

	private final Predicate<String> blocksByKey;

	/**
	 * @param wake wakes a local observer by id
	 * @param blocksByKey whether an observer, by id, holds back its failures' ordering key, not their stream
	 */
	StoreBackedDeadLetters(DeadLetterStore store, Consumer<String> wake, Predicate<String> blocksByKey) {
		this.store = store;
		this.wake = wake;
		this.blocksByKey = blocksByKey;
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
		return this.store.find(id).map((entry) -> marked(entry.observerId(),
				(entry.status() == DeadLetter.Status.UNREADABLE || this.blocksByKey.test(entry.observerId()))
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
			// What was parked behind it is now free to go, in order: its stream, or for an observer holding back
			// keys, the entries parked behind it whatever their stream (one marked entry replays its key).
			boolean byKey = this.blocksByKey.test(entry.observerId());
			if (!byKey) {
				this.store.requestReplay(entry.observerId(), entry.streamId(), null);
			}
			for (long parked : parkedBehind(entry, byKey)) {
				this.store.requestReplay(entry.observerId(), null, parked);
			}
		}
		this.wake.accept(entry.observerId());
		return true;
	}

	private List<Long> parkedBehind(DeadLetter failed, boolean anyStream) {
		List<Long> parked = new ArrayList<>();
		for (int offset = 0;; offset += PAGE) {
			List<DeadLetter> page = this.store.list(failed.observerId(), offset, PAGE);
			for (DeadLetter entry : page) {
				if (Long.valueOf(failed.eventPosition()).equals(entry.blockedBy())
						&& (anyStream || !entry.streamId().equals(failed.streamId()))) {
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
