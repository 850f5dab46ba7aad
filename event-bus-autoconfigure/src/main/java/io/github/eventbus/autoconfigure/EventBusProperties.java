package io.github.eventbus.autoconfigure;

import java.time.Duration;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.dispatch.Overflow;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of the event bus ({@code eventbus.*}).
 * <p>
 * Defaults are literals so that the configuration metadata shows them; a test keeps them equal to the
 * dispatcher's defaults.
 * <p>
 * Validated when bound: an invalid value (a size below its minimum, a negative time, a maximum pool size
 * below the core size) fails startup with Spring Boot's failure analysis naming the property.
 */
@ConfigurationProperties("eventbus")
public class EventBusProperties implements Validator {

	/**
	 * Whether to auto-configure the event bus.
	 */
	private boolean enabled = true;

	private final Dispatch dispatch = new Dispatch();

	private final Executor executor = new Executor();

	private final Store store = new Store();

	private final Shutdown shutdown = new Shutdown();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Dispatch getDispatch() {
		return this.dispatch;
	}

	public Executor getExecutor() {
		return this.executor;
	}

	public Store getStore() {
		return this.store;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	@Override
	public boolean supports(Class<?> type) {
		return EventBusProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		EventBusProperties properties = (EventBusProperties) target;
		Dispatch dispatch = properties.getDispatch();
		atLeast(errors, "dispatch.mailbox-capacity", dispatch.getMailboxCapacity(), 1);
		notNegative(errors, "dispatch.publish-timeout", dispatch.getPublishTimeout());
		Executor executor = properties.getExecutor();
		atLeast(errors, "executor.core-size", executor.getCoreSize(), 0);
		atLeast(errors, "executor.max-size", executor.getMaxSize(), 1);
		if (executor.getMaxSize() >= 1 && executor.getMaxSize() < executor.getCoreSize()) {
			errors.rejectValue("executor.max-size", "belowCoreSize",
					"must not be less than eventbus.executor.core-size (" + executor.getCoreSize() + ")");
		}
		atLeast(errors, "executor.queue-capacity", executor.getQueueCapacity(), 0);
		notNegative(errors, "executor.keep-alive", executor.getKeepAlive());
		atLeast(errors, "store.memory.capacity", properties.getStore().getMemory().getCapacity(), 1);
		notNegative(errors, "shutdown.timeout", properties.getShutdown().getTimeout());
	}

	// Properties are named in dashed form, relative to "eventbus", as Spring Boot reports them.
	private static void atLeast(Errors errors, String property, int value, int minimum) {
		if (value < minimum) {
			errors.rejectValue(property, "tooSmall", "must be at least " + minimum);
		}
	}

	private static void notNegative(Errors errors, String property, Duration value) {
		if (value.isNegative()) {
			errors.rejectValue(property, "negative", "must not be negative");
		}
	}

	/** How events are dispatched to observers ({@code eventbus.dispatch.*}). */
	public static class Dispatch {

		/**
		 * When publish returns, for observers that do not set their own mode: 'sequential' (every observer
		 * on the caller's thread), 'concurrent-await' (in parallel, publish waits for all) or
		 * 'fire-and-forget' (publish returns once the event is queued).
		 */
		private DispatchMode mode = DispatchMode.CONCURRENT_AWAIT;

		/**
		 * How many events each observer's mailbox holds before the overflow policy applies.
		 */
		private int mailboxCapacity = 1024;

		/**
		 * How long a publisher waits for room in a full mailbox (overflow 'block') before it gets a
		 * MailboxFullException.
		 */
		private Duration publishTimeout = Duration.ofSeconds(10);

		/**
		 * What a publisher does when an observer's mailbox is full: 'block' (wait up to the publish
		 * timeout), 'fail' (throw at once) or 'drop-oldest' (drop that observer's oldest queued event and
		 * count it).
		 */
		private Overflow overflow = Overflow.BLOCK;

		public DispatchMode getMode() {
			return this.mode;
		}

		public void setMode(DispatchMode mode) {
			this.mode = mode;
		}

		public int getMailboxCapacity() {
			return this.mailboxCapacity;
		}

		public void setMailboxCapacity(int mailboxCapacity) {
			this.mailboxCapacity = mailboxCapacity;
		}

		public Duration getPublishTimeout() {
			return this.publishTimeout;
		}

		public void setPublishTimeout(Duration publishTimeout) {
			this.publishTimeout = publishTimeout;
		}

		public Overflow getOverflow() {
			return this.overflow;
		}

		public void setOverflow(Overflow overflow) {
			this.overflow = overflow;
		}

		DispatchSettings toSettings() {
			return new DispatchSettings(this.mode, this.mailboxCapacity, this.publishTimeout, this.overflow);
		}

	}

	/** The thread pool that drains the observers' mailboxes ({@code eventbus.executor.*}). */
	public static class Executor {

		/** Default of {@code eventbus.executor.core-size}. */
		public static final int DEFAULT_CORE_SIZE = 8;

		/** Default of {@code eventbus.executor.max-size}. */
		public static final int DEFAULT_MAX_SIZE = 256;

		/** Default of {@code eventbus.executor.queue-capacity}: direct hand-off. */
		public static final int DEFAULT_QUEUE_CAPACITY = 0;

		/** Default of {@code eventbus.executor.keep-alive}. */
		public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);

		/** Default of {@code eventbus.executor.thread-name-prefix}. */
		public static final String DEFAULT_THREAD_NAME_PREFIX = "eventbus-";

		/**
		 * Number of threads kept in the pool even when idle.
		 */
		private int coreSize = DEFAULT_CORE_SIZE;

		/**
		 * Maximum number of threads. When every one is busy, a mailbox that needs a thread gets one of its own,
		 * never the publisher's.
		 */
		private int maxSize = DEFAULT_MAX_SIZE;

		/**
		 * Number of tasks queued before the pool grows past its core size. 0 hands every task straight to
		 * a thread, so that observers waiting on nested publishes never starve the pool.
		 */
		private int queueCapacity = DEFAULT_QUEUE_CAPACITY;

		/**
		 * How long a thread above the core size may stay idle before it ends.
		 */
		private Duration keepAlive = DEFAULT_KEEP_ALIVE;

		/**
		 * Prefix of the names of the bus's threads.
		 */
		private String threadNamePrefix = DEFAULT_THREAD_NAME_PREFIX;

		public int getCoreSize() {
			return this.coreSize;
		}

		public void setCoreSize(int coreSize) {
			this.coreSize = coreSize;
		}

		public int getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(int maxSize) {
			this.maxSize = maxSize;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public Duration getKeepAlive() {
			return this.keepAlive;
		}

		public void setKeepAlive(Duration keepAlive) {
			this.keepAlive = keepAlive;
		}

		public String getThreadNamePrefix() {
			return this.threadNamePrefix;
		}

		public void setThreadNamePrefix(String threadNamePrefix) {
			this.threadNamePrefix = threadNamePrefix;
		}

	}

	/** Where events are stored ({@code eventbus.store.*}). */
	public static class Store {

		/**
		 * Which event store to use: 'jdbc', 'memory' (the latest events in memory) or 'none' (retain
		 * nothing). Unset: 'jdbc' when a DataSource and the JDBC store are available, otherwise 'memory'.
		 */
		private @Nullable StoreType type;

		private final Memory memory = new Memory();

		public @Nullable StoreType getType() {
			return this.type;
		}

		public void setType(@Nullable StoreType type) {
			this.type = type;
		}

		public Memory getMemory() {
			return this.memory;
		}

		/** The in-memory store ({@code eventbus.store.memory.*}). */
		public static class Memory {

			/**
			 * How many of the latest events the in-memory store keeps; older ones are dropped.
			 */
			private int capacity = 100_000;

			public int getCapacity() {
				return this.capacity;
			}

			public void setCapacity(int capacity) {
				this.capacity = capacity;
			}

		}

	}

	/** The kinds of event store. */
	public enum StoreType {

		/** Events in a database through JDBC. */
		JDBC,

		/** The latest events in memory. */
		MEMORY,

		/** No event is retained; ids, versions and positions are still assigned. */
		NONE

	}

	/** What happens when the application stops ({@code eventbus.shutdown.*}). */
	public static class Shutdown {

		/**
		 * How long to wait at shutdown for queued events to be handled; what is left is logged.
		 */
		private Duration timeout = Duration.ofSeconds(30);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
