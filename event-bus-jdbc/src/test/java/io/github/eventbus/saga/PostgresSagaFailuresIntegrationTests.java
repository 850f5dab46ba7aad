package io.github.eventbus.saga;

/**
 * {@link SagaFailuresTests} on the JDBC stores on the PostgreSQL server at 127.0.0.1:5432 (skipped, saying
 * so, when none answers): a failed saga event holds back its instance on every stream, and an event of an
 * unknown instance waits behind a retry or parks behind a dead letter, with the stores' own ordering,
 * transactions and dead-letter queries.
 */
class PostgresSagaFailuresIntegrationTests extends SagaFailuresTests {

	@Override
	SagaTestStores createStores() {
		return JdbcSagaTestStores.serverPostgres(TicketCases.Filed.class, TicketCases.Note.class,
				TicketCases.Step.class);
	}

}
