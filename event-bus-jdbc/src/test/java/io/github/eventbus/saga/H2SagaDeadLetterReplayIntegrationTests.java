package io.github.eventbus.saga;

/**
 * {@link SagaDeadLetterReplayTests} on the JDBC stores on H2 in memory: replaying or discarding one
 * saga instance's dead letter leaves another instance's dead letter on the same stream alone.
 */
class H2SagaDeadLetterReplayIntegrationTests extends SagaDeadLetterReplayTests {

	@Override
	SagaTestStores createStores() {
		return JdbcSagaTestStores.h2(Open.class, Poke.class);
	}

}
