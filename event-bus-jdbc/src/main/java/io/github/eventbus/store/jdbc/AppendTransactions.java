package io.github.eventbus.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.github.eventbus.Event;
import io.github.eventbus.store.ConcurrencyConflictException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs append requests in a transaction: the caller's Spring-managed one when it is bound to the store's
 * {@code DataSource} (the outbox), otherwise one of its own per batch (the group commit writer; on
 * PostgreSQL one autocommitted statement). On H2, creates the head row if a hand-made schema lacks it; on
 * PostgreSQL, checks the schema once ({@link XidSchemaCheck}).
 */
final class AppendTransactions {

	private final DataSource dataSource;

	private final String tablePrefix;

	private final JdbcTemplate jdbcTemplate;

	private volatile @Nullable EventWriter writer;

	private volatile @Nullable AppendListener appendListener;

	AppendTransactions(DataSource dataSource, String tablePrefix, JdbcTemplate jdbcTemplate) {
		this.dataSource = dataSource;
		this.tablePrefix = tablePrefix;
		this.jdbcTemplate = jdbcTemplate;
	}

	/**
	 * Writes a request on the current transaction's connection.
	 * @return the stored events, or {@code null} when no transaction of this data source is active
	 * @throws ConcurrencyConflictException if the expected version is wrong
	 */
	@Nullable List<Event<?>> writeInCurrentTransaction(AppendRequest request) {
		if (!joinsCurrentTransaction()) {
			return null;
		}
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			if (!DataSourceUtils.isConnectionTransactional(connection, this.dataSource)) {
				return null;
			}
			return outcome(writeSeedingHead(connection, List.of(request))[0]);
		}
		catch (SQLException ex) {
			throw translate("append", ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	/**
	 * Whether the current thread runs a transaction that a transaction manager bound to this data source:
	 * only then does an append join it. Not for a transaction on another data source (DataSourceUtils
	 * would bind a fresh autocommit connection to it, writing at once while the bus waited for a commit
	 * that is not ours), nor once that transaction's synchronizations are being cleared at completion.
	 */
	boolean joinsCurrentTransaction() {
		return TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.getResource(this.dataSource) instanceof ConnectionHolder;
	}

	@SuppressWarnings("unchecked")
	private static List<Event<?>> outcome(Object outcome) {
		if (outcome instanceof ConcurrencyConflictException conflict) {
			throw conflict;
		}
		return (List<Event<?>>) outcome;
	}

	void setAppendListener(@Nullable AppendListener listener) {
		this.appendListener = listener;
	}

	private void batchWritten(List<AppendRequest> batch, long nanos) {
		AppendListener listener = this.appendListener;
		if (listener != null) {
			int events = 0;
			for (AppendRequest request : batch) {
				events += request.events.size();
			}
			try {
				listener.batchWritten(batch.size(), events, nanos);
			}
			catch (RuntimeException ex) {
				// a listener must not fail the writer
			}
		}
	}

	/** Writes a batch in a transaction of its own and completes its requests; never throws. */
	void writeBatch(List<AppendRequest> batch) {
		Object[] outcomes = new Object[batch.size()];
		try {
			long start = System.nanoTime();
			writeInOwnTransaction(batch, outcomes);
			batchWritten(batch, System.nanoTime() - start);
		}
		catch (SQLException | RuntimeException ex) {
			// Requests with an outcome were committed before the failure (PostgreSQL commits per round).
			List<AppendRequest> unwritten = new ArrayList<>();
			for (int i = 0; i < outcomes.length; i++) {
				if (outcomes[i] != null) {
					complete(batch.get(i), outcomes[i]);
				}
				else {
					unwritten.add(batch.get(i));
				}
			}
			if (batch.size() > 1) {
				for (AppendRequest request : unwritten) {
					writeBatch(List.of(request));
				}
			}
			else if (!unwritten.isEmpty()) {
				unwritten.get(0).result.completeExceptionally(
						(ex instanceof SQLException sqlException) ? translate("append", sqlException) : ex);
			}
			return;
		}
		for (int i = 0; i < outcomes.length; i++) {
			complete(batch.get(i), outcomes[i]);
		}
	}

	private static void complete(AppendRequest request, Object outcome) {
		if (outcome instanceof ConcurrencyConflictException conflict) {
			request.result.completeExceptionally(conflict);
		}
		else {
			request.result.complete(outcome(outcome));
		}
	}

	private void writeInOwnTransaction(List<AppendRequest> batch, Object[] outcomes) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			if (writer(connection) instanceof XidEventWriter xidWriter) {
				writeAutocommitted(connection, xidWriter, batch, outcomes);
				return;
			}
			boolean autoCommit = connection.getAutoCommit();
			if (autoCommit) {
				connection.setAutoCommit(false);
			}
			try {
				Object[] written = writeSeedingHead(connection, batch);
				connection.commit();
				System.arraycopy(written, 0, outcomes, 0, written.length);
			}
			catch (SQLException | RuntimeException ex) {
				try {
					connection.rollback();
				}
				catch (SQLException rollbackFailure) {
					ex.addSuppressed(rollbackFailure);
				}
				throw ex;
			}
			finally {
				if (autoCommit) {
					connection.setAutoCommit(true);
				}
			}
		}
	}

	/**
	 * PostgreSQL: each statement committed on its own, so a batch usually costs one round trip, commit
	 * included. Each round commits on its own, so if a later round fails, {@code outcomes} holds the
	 * requests already written, and only the others are retried.
	 */
	private void writeAutocommitted(Connection connection, XidEventWriter writer, List<AppendRequest> batch,
			Object[] outcomes) throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		if (!autoCommit) {
			connection.setAutoCommit(true);
		}
		try {
			writer.write(connection, batch, outcomes);
		}
		finally {
			if (!autoCommit) {
				connection.setAutoCommit(false);
			}
		}
	}

	private Object[] writeSeedingHead(Connection connection, List<AppendRequest> batch) throws SQLException {
		EventWriter writer = writer(connection);
		try {
			return writer.write(connection, batch);
		}
		catch (HeadLockEventWriter.HeadMissingException ex) {
			seedHead((HeadLockEventWriter) writer);
			return writer.write(connection, batch);
		}
	}

	/** Inserts the head row, committed on a connection of its own; another instance may win the race. */
	private void seedHead(HeadLockEventWriter writer) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(true);
			try (Statement statement = connection.createStatement()) {
				statement.executeUpdate(writer.seedHead);
			}
		}
		catch (SQLException ex) {
			if (!(translate("seed head", ex) instanceof DataIntegrityViolationException)) {
				throw ex;
			}
		}
	}

	private EventWriter writer(Connection connection) throws SQLException {
		EventWriter writer = this.writer;
		if (writer == null) {
			JdbcDialect dialect = JdbcDialect.of(connection);
			if (dialect == JdbcDialect.POSTGRESQL) {
				XidSchemaCheck.check(connection, this.tablePrefix);
			}
			writer = EventWriter.of(dialect, this.tablePrefix);
			this.writer = writer;
		}
		return writer;
	}

	DataAccessException translate(String task, SQLException ex) {
		DataAccessException translated = this.jdbcTemplate.getExceptionTranslator().translate(task, null, ex);
		return (translated != null) ? translated : new UncategorizedSQLException(task, null, ex);
	}

}
