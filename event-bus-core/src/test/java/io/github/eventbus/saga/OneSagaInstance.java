package io.github.eventbus.saga;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.DurableSettings;
import io.github.eventbus.retry.RetryPolicy;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * One application instance of the saga failure tests: a bus with durable observers over the given stores,
 * one saga type, started and holding every segment of its observer. Closing stops it and releases the stores.
 */
final class OneSagaInstance implements AutoCloseable {

	final SagaTestStores stores;

	final DefaultEventBus bus;

	final DurableObservers durable;

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);

	/**
	 * @param sagaName the saga type's name ({@code @Saga(name)}): its observer is {@code saga:<name>}
	 * @param retry how its failed events are retried
	 */
	OneSagaInstance(SagaTestStores stores, Object saga, String sagaName, RetryPolicy retry, int segments,
			int concurrency, Clock clock) {
		this.stores = stores;
		this.bus = new DefaultEventBus(stores.events(), this.executor, DispatchSettings.defaults(), (failure) -> {
		});
		this.durable = DurableObservers.builder(stores.events())
			.leases(stores.leases())
			.checkpoints(stores.checkpoints())
			.deadLetters(stores.deadLetters())
			.scheduler(this.scheduler)
			.settings(DurableSettings.defaults()
				.withRetry(retry)
				.withInstanceId("only")
				.withPollInterval(Duration.ofMillis(20))
				.withLeaseDuration(Duration.ofSeconds(2))
				.withSegments(segments))
			.build();
		this.bus.addExtension(this.durable);
		SagaManager manager = new SagaManager(this.bus, stores.sagas(), this.mapper, stores.transactions(), clock);
		manager.setConcurrency(concurrency);
		manager.register(sagaName + "Saga", saga);
		manager.start();
		this.durable.start();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.durable.status("saga:" + sagaName)
				.orElseThrow()
				.segments()
				.stream()
				.allMatch((segment) -> "only".equals(segment.owner())));
	}

	/** The stored state of the instance associated with {@code key = value}. */
	<T> T state(String sagaName, String key, String value, Class<T> type) {
		String id = this.stores.sagas().findSagaId(sagaName, key, value).orElseThrow();
		return this.mapper.readValue(this.stores.sagas().load(sagaName, id).orElseThrow().state(), type);
	}

	/** The first failed (not parked) dead letter of an observer. */
	DeadLetter failed(String observerId) {
		return this.stores.deadLetters()
			.list(observerId, 0, 100)
			.stream()
			.filter((entry) -> entry.status() == DeadLetter.Status.FAILED)
			.findFirst()
			.orElseThrow();
	}

	@Override
	public void close() {
		this.durable.stop();
		this.executor.shutdownNow();
		this.scheduler.shutdownNow();
		this.stores.close().run();
	}

}
