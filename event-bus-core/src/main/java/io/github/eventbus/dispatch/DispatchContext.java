package io.github.eventbus.dispatch;

import java.util.ArrayDeque;

import io.github.eventbus.Event;
import org.jspecify.annotations.Nullable;

/**
 * Per-thread dispatch state: which observer runs on this thread and for which event (for causation and
 * the call chain), and sequential work deferred until that observer returns.
 */
final class DispatchContext {

	private static final ThreadLocal<DispatchContext> CURRENT = ThreadLocal.withInitial(DispatchContext::new);

	@Nullable CallChain chain;

	@Nullable Event<?> event;

	private final ArrayDeque<TrackedEvent> deferred = new ArrayDeque<>();

	static DispatchContext current() {
		return CURRENT.get();
	}

	/** Runs a call on this thread in another thread's context; that thread waits for the call. */
	static void runIn(DispatchContext context, Causation.Call call) throws Throwable {
		DispatchContext own = CURRENT.get();
		CURRENT.set(context);
		try {
			call.run();
		}
		finally {
			CURRENT.set(own);
		}
	}

	boolean inObserver() {
		return this.chain != null;
	}

	void defer(TrackedEvent delivery) {
		this.deferred.addLast(delivery);
	}

	@Nullable TrackedEvent nextDeferred() {
		return this.deferred.pollFirst();
	}

}
