package io.github.eventbus;

import java.util.List;

/**
 * Thrown by {@link PublishResult#throwIfFailed()} when an awaited observer failed. Never thrown by the
 * bus on its own.
 */
public class ObserverFailedException extends EventBusException {

	private final transient List<ObserverFailure> failures;

	public ObserverFailedException(List<ObserverFailure> failures) {
		super(failures.size() + " observer(s) failed, first: " + failures.get(0).observerId() + " on "
				+ failures.get(0).event(), failures.get(0).exception());
		this.failures = List.copyOf(failures);
		for (int i = 1; i < failures.size(); i++) {
			addSuppressed(failures.get(i).exception());
		}
	}

	/** Every failure, in the order they were seen. */
	public List<ObserverFailure> failures() {
		return this.failures;
	}

}
