package io.github.eventbus.saga;

/**
 * {@link SagaDeadLetterReplayTests} on the JDBC stores on the PostgreSQL server at 127.0.0.1:5432 (skipped,
 * saying so, when none answers): replaying or discarding one saga instance's dead letter leaves another
 * instance's dead letter on the same stream alone.
 */
class PostgresSagaDeadLetterReplayIntegrationTests extends SagaDeadLetterReplayTests {

	@Override
	SagaTestStores createStores() {
		return JdbcSagaTestStores.serverPostgres(Open.class, Poke.class);
	}

}
