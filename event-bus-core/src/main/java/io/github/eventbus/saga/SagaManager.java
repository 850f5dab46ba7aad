package io.github.eventbus.saga;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.Objects;

import io.github.eventbus.dispatch.ObserverDefinition;
import io.github.eventbus.dispatch.ObserverRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs {@link Saga} beans: each saga type becomes an observer with id {@code saga:<name>} that the bus hands
 * to its durable observers when they are configured (so sagas follow the store behind a checkpoint, with
 * retries and dead letters, and survive restarts), or otherwise to an in-memory mailbox.
 * <p>
 * <b>Concurrency.</b> Durable workers run up to {@link #setConcurrency(int) concurrency} instances of one
 * saga type at once, in lanes keyed by saga instance: each instance sees its events one at a time and in
 * the order of the store, and its state is saved before its next event is handled. The checkpoint moves past
 * an event only once every event before it is handled. An in-memory mailbox handles one event at a time.
 * <p>
 * Each event is handled in a transaction when a {@link PlatformTransactionManager} is given: finding and
 * loading the instance, calling the handler, saving the new state with its version check, its
 * associations and deadlines, and whatever the handler wrote to the same database or published commit
 * or roll back together. Then an instance this application saved is kept in memory and not loaded again
 * for its next event; if another instance of the application saved it since (segments moved), the version
 * check fails, and the event is handled once more, at once, from the stored state in a new transaction:
 * no failure is recorded for the stale attempt, whose work rolled back.
 * <p>
 * Register the beans with {@link #register(String, Object)} before {@link #start()}; starting registers
 * their observers with the bus. Thread-safe.
 */
public final class SagaManager implements SmartLifecycle {

	private final ObserverRegistry observers;

	private final SagaStore store;

	private final JsonMapper mapper;

	private final Runner runner;

	/** How many instances of one saga type run at once by default. */
	public static final int DEFAULT_CONCURRENCY = 4;

	private final List<SagaType> types = new ArrayList<>();

	private volatile int concurrency = DEFAULT_CONCURRENCY;

	private final List<SagaType> started = new ArrayList<>();

	private volatile boolean running;

	private volatile UnaryOperator<ObserverDefinition> observerDecorator = UnaryOperator.identity();

	/**
	 * Creates a manager.
	 * @param observers where the sagas' observers are registered: the bus whose events feed them
	 * @param store where instances are kept
	 * @param mapper serializes saga state and deadline payloads
	 * @param transactionManager runs each handled event in a transaction, or {@code null} for none
	 * @param clock the time deadlines are scheduled from
	 */
	public SagaManager(ObserverRegistry observers, SagaStore store, JsonMapper mapper,
			@Nullable PlatformTransactionManager transactionManager, Clock clock) {
		this.observers = Objects.requireNonNull(observers, "observers");
		this.store = Objects.requireNonNull(store, "store");
		this.mapper = Objects.requireNonNull(mapper, "mapper");
		this.runner = new Runner((transactionManager != null) ? new TransactionTemplate(transactionManager) : null,
				Objects.requireNonNull(clock, "clock"));
	}

	/**
	 * Adds a saga bean.
	 * @param beanName its bean name
	 * @param bean the bean, annotated (or its target class annotated) with {@link Saga}
	 * @throws IllegalStateException if a handler method is invalid or the saga name is taken
	 */
	public synchronized void register(String beanName, Object bean) {
		SagaType type = new SagaType(beanName, bean, this.store, this.mapper, this.runner);
		for (SagaType existing : this.types) {
			if (existing.name().equals(type.name())) {
				throw new IllegalStateException("Two sagas are named '" + type.name() + "'; set @Saga(name = ...)");
			}
		}
		this.types.add(type);
		if (isRunning()) {
			startType(type);
		}
	}

	/**
	 * Sets what each saga's observer goes through before it is registered with the bus, as discovered
	 * {@code @EventObserver} methods do: metrics, MDC and observations, and the actuator's list of observers.
	 * @param observerDecorator returns the definition to register (the same one, or one with a wrapped
	 * invoker)
	 */
	public void setObserverDecorator(UnaryOperator<ObserverDefinition> observerDecorator) {
		this.observerDecorator = Objects.requireNonNull(observerDecorator, "observerDecorator");
	}

	/**
	 * Sets the scheduler to wake when a handler schedules a deadline earlier than the one it waits for, so
	 * that the deadline fires when due rather than after the scheduler's poll interval.
	 * @param deadlineScheduler the scheduler that fires this application's deadlines
	 */
	public void setDeadlineScheduler(DeadlineScheduler deadlineScheduler) {
		this.runner.deadlineScheduler = Objects.requireNonNull(deadlineScheduler, "deadlineScheduler");
	}

	/**
	 * Sets how many instances of one saga type a durable worker runs at once; applies to types started
	 * afterwards.
	 * @param concurrency at least 1; 1 handles every event of a saga type in order, one at a time
	 */
	public void setConcurrency(int concurrency) {
		if (concurrency < 1) {
			throw new IllegalArgumentException("Saga concurrency must be at least 1, not " + concurrency);
		}
		this.concurrency = concurrency;
	}

	/** How many instances of one saga type a durable worker runs at once. */
	public int concurrency() {
		return this.concurrency;
	}

	/** Names of the registered saga types. */
	public synchronized List<String> sagaNames() {
		return this.types.stream().map(SagaType::name).toList();
	}

	/**
	 * The payload types the registered sagas' {@link SagaEventHandler} methods declare, so that a JDBC event
	 * store's type registry can read them back before this instance appends any of them.
	 */
	public synchronized Set<Class<?>> payloadTypes() {
		Set<Class<?>> types = new LinkedHashSet<>();
		for (SagaType type : this.types) {
			types.addAll(type.payloadTypes());
		}
		return types;
	}

	/** The saga type of that name; for tests in this package. */
	synchronized SagaType type(String name) {
		return this.types.stream()
			.filter((type) -> type.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No saga named " + name));
	}

	@Override
	public synchronized void start() {
		for (SagaType type : this.types) {
			if (!this.started.contains(type)) {
				startType(type);
			}
		}
		this.running = true;
	}

	private void startType(SagaType type) {
		this.observers.register(this.observerDecorator.apply(type.observer(this.concurrency)));
		this.started.add(type);
	}

	/** Observers stay registered with the bus, which stops them itself. */
	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Runs a step in a transaction when there is a transaction manager. */
	static final class Runner {

		private final @Nullable TransactionTemplate transactions;

		private final Clock clock;

		volatile @Nullable DeadlineScheduler deadlineScheduler;

		Runner(@Nullable TransactionTemplate transactions, Clock clock) {
			this.transactions = transactions;
			this.clock = clock;
		}

		Clock clock() {
			return this.clock;
		}

		/** Tells the scheduler of a deadline once it is committed: before, the scheduler cannot read it. */
		void scheduled(Instant dueAt) {
			DeadlineScheduler scheduler = this.deadlineScheduler;
			if (scheduler == null) {
				return;
			}
			if (TransactionSynchronizationManager.isSynchronizationActive()) {
				TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
					@Override
					public void afterCommit() {
						scheduler.scheduled(dueAt);
					}
				});
			}
			else {
				scheduler.scheduled(dueAt);
			}
		}

		/**
		 * Runs a step, in a transaction when there is a transaction manager.
		 * @return whether the step ran in a transaction of its own, committed once this returns (not one it
		 * joined, which its caller may still roll back)
		 */
		boolean run(Step step) {
			if (this.transactions == null) {
				step.run(false);
				return false;
			}
			Boolean own = this.transactions.execute((status) -> {
				step.run(status.isNewTransaction());
				return status.isNewTransaction();
			});
			return Boolean.TRUE.equals(own);
		}

		/** A step of a saga's handling. */
		@FunctionalInterface
		interface Step {

			/**
			 * Runs the step.
			 * @param ownTransaction whether it runs in a transaction of its own, which rolls back whatever
			 * the step did if it throws
			 */
			void run(boolean ownTransaction);

		}

	}

}
