package io.github.eventbus.dispatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs code on a thread that is still inside the callbacks of a transaction that has committed, with that
 * transaction's state taken off the thread for the time of the call (what {@code REQUIRES_NEW} suspension
 * does, without a transaction manager at hand).
 * <p>
 * In {@code afterCommit} the committed transaction's connection and synchronizations are still bound: an
 * append made there would join a transaction that never commits again, and a synchronization registered
 * there is never called. Observers run after a commit, and what they publish, must see no transaction.
 */
final class OutsideTransaction {

	private OutsideTransaction() {
	}

	static void run(Runnable action) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()
				&& !TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.getResourceMap().isEmpty()) {
			action.run();
			return;
		}
		Map<Object, Object> resources = new LinkedHashMap<>(TransactionSynchronizationManager.getResourceMap());
		resources.keySet().forEach(TransactionSynchronizationManager::unbindResourceIfPossible);
		List<TransactionSynchronization> synchronizations = null;
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			synchronizations = TransactionSynchronizationManager.getSynchronizations();
			TransactionSynchronizationManager.clearSynchronization();
		}
		String name = TransactionSynchronizationManager.getCurrentTransactionName();
		boolean readOnly = TransactionSynchronizationManager.isCurrentTransactionReadOnly();
		Integer isolation = TransactionSynchronizationManager.getCurrentTransactionIsolationLevel();
		boolean actual = TransactionSynchronizationManager.isActualTransactionActive();
		TransactionSynchronizationManager.setCurrentTransactionName(null);
		TransactionSynchronizationManager.setCurrentTransactionReadOnly(false);
		TransactionSynchronizationManager.setCurrentTransactionIsolationLevel(null);
		TransactionSynchronizationManager.setActualTransactionActive(false);
		try {
			action.run();
		}
		finally {
			TransactionSynchronizationManager.setActualTransactionActive(actual);
			TransactionSynchronizationManager.setCurrentTransactionIsolationLevel(isolation);
			TransactionSynchronizationManager.setCurrentTransactionReadOnly(readOnly);
			TransactionSynchronizationManager.setCurrentTransactionName(name);
			if (synchronizations != null) {
				if (TransactionSynchronizationManager.isSynchronizationActive()) {
					TransactionSynchronizationManager.clearSynchronization();
				}
				TransactionSynchronizationManager.initSynchronization();
				synchronizations.forEach(TransactionSynchronizationManager::registerSynchronization);
			}
			resources.forEach((key, value) -> {
				TransactionSynchronizationManager.unbindResourceIfPossible(key);
				TransactionSynchronizationManager.bindResource(key, value);
			});
		}
	}

}
