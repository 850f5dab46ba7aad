package io.github.eventbus.saga;

/**
 * {@link SagaFailuresTests} on the JDBC stores on H2 in memory: a failed saga event holds back its
 * instance on every stream, and an event of an unknown instance waits behind a retry or parks behind a dead
 * letter, with the stores' own ordering, transactions and dead-letter queries.
 */
class H2SagaFailuresIntegrationTests extends SagaFailuresTests {

	@Override
	SagaTestStores createStores() {
		return JdbcSagaTestStores.h2(TicketCases.Filed.class, TicketCases.Note.class, TicketCases.Step.class);
	}

}
