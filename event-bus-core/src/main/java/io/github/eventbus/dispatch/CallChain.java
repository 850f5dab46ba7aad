package io.github.eventbus.dispatch;

import org.jspecify.annotations.Nullable;

/**
 * The observers busy further up a chain of nested publishes, across threads: a concurrent-await publish
 * made from inside an observer must not wait for any of them, or it would wait for itself.
 */
final class CallChain {

	private final Subscriber observer;

	private final @Nullable CallChain parent;

	private CallChain(Subscriber observer, @Nullable CallChain parent) {
		this.observer = observer;
		this.parent = parent;
	}

	static CallChain of(@Nullable CallChain parent, Subscriber observer) {
		return new CallChain(observer, parent);
	}

	/** The observer running at the bottom of the chain (on the current thread), or {@code null}. */
	static @Nullable Subscriber head(@Nullable CallChain chain) {
		return (chain != null) ? chain.observer : null;
	}

	static boolean contains(@Nullable CallChain chain, Subscriber observer) {
		for (CallChain link = chain; link != null; link = link.parent) {
			if (link.observer == observer) {
				return true;
			}
		}
		return false;
	}

}
