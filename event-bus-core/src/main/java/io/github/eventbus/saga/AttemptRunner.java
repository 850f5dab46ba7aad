package io.github.eventbus.saga;

import io.github.eventbus.saga.SagaStore.SagaInstance;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Runs the handling of one saga type's events and deadlines, each in one step of the runner, and keeps the
 * last committed copy of the instances it saves, so that their next event or deadline does not load them.
 * <p>
 * A copy is kept once the attempt's own transaction committed; any failure drops the copy. A failure of the
 * version check on a kept copy means another instance of the application handled the saga since: the
 * transaction rolled back what the handler did, and the step runs once more, at once, from the stored
 * instance. Thread-safe.
 */
final class AttemptRunner {

	private static final Log logger = LogFactory.getLog(AttemptRunner.class);

	/** Instances whose last committed copy is kept, so their next event does not load them. */
	private static final int INSTANCE_CACHE_SIZE = 4_096;

	private final String sagaName;

	private final SagaStore store;

	private final SagaManager.Runner runner;

	/** Copies of the instances this saga type saved in transactions of its own, once committed. */
	private final InstanceCache instances = new InstanceCache(INSTANCE_CACHE_SIZE);

	AttemptRunner(String sagaName, SagaStore store, SagaManager.Runner runner) {
		this.sagaName = sagaName;
		this.store = store;
		this.runner = runner;
	}

	/** Handles an event or deadline in one step of the runner, twice if the first run found its copy stale. */
	Attempt run(Attempt.Handling handling) {
		Attempt attempt = new Attempt(true);
		try {
			return runOnce(handling, attempt);
		}
		catch (StaleCopy ex) {
			logger.debug("Saga " + this.sagaName + " instance " + attempt.sagaId + " was saved elsewhere since "
					+ "this application kept it; handling its event again from the stored instance");
			return runOnce(handling, new Attempt(false));
		}
	}

	private Attempt runOnce(Attempt.Handling handling, Attempt attempt) {
		try {
			boolean committed = this.runner.run((ownTransaction) -> {
				attempt.cacheable = attempt.cacheable && ownTransaction;
				handling.handle(attempt);
			});
			if (committed && attempt.saved != null) {
				this.instances.put(attempt.saved);
			}
			return attempt;
		}
		catch (RuntimeException | Error ex) {
			if (attempt.sagaId != null) {
				this.instances.evict(attempt.sagaId);
			}
			throw ex;
		}
	}

	/** The instance, from the copy kept when the attempt may use it, else from the store. */
	@Nullable SagaInstance load(String sagaId, Attempt attempt) {
		attempt.sagaId = sagaId;
		if (attempt.cacheable) {
			SagaInstance kept = this.instances.get(sagaId);
			if (kept != null) {
				attempt.fromCache = true;
				return kept;
			}
		}
		return this.store.load(this.sagaName, sagaId).orElse(null);
	}

	/** Stores the instance's next version; a failed version check on a kept copy runs the step again. */
	void update(SagaInstance updated, Attempt attempt) {
		try {
			this.store.update(updated);
		}
		catch (OptimisticLockingFailureException ex) {
			if (attempt.fromCache) {
				throw new StaleCopy(ex);
			}
			throw ex;
		}
	}

	/** One run of the handling of an event or deadline, in one transaction when there is one. */
	static final class Attempt {

		/** Whether it may use a kept copy: not a second run, and in a transaction of its own. */
		boolean cacheable;

		/** The instance it handles, once known. */
		@Nullable String sagaId;

		/** Whether the instance it handles is a kept copy rather than read from the store. */
		boolean fromCache;

		/** The instance as it saved it, if it did. */
		@Nullable SagaInstance saved;

		/** For an event: the id of the instance its association is stored for, if any. */
		@Nullable String stored;

		Attempt(boolean cacheable) {
			this.cacheable = cacheable;
		}

		@FunctionalInterface
		interface Handling {

			void handle(Attempt attempt);

		}

	}

	/** The version check failed on a kept copy: the instance was saved elsewhere since it was kept. */
	private static final class StaleCopy extends RuntimeException {

		StaleCopy(OptimisticLockingFailureException cause) {
			super(cause.getMessage(), cause, false, false);
		}

	}

}
