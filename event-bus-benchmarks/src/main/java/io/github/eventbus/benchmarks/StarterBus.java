package io.github.eventbus.benchmarks;

import java.util.HashMap;
import java.util.Map;

import io.github.eventbus.EventBus;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The bus users get: a Spring Boot application with the starter and its default settings, except
 * {@code eventbus.store.type=none} (nothing retained) and the dispatch mode the workload names. The
 * observers are singleton beans whose {@code @EventObserver} methods the auto-configuration discovers and
 * decorates as in any application; nothing is built by hand, unlike {@link Fixtures#bus}.
 */
final class StarterBus implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final EventBus bus;

	private StarterBus(ConfigurableApplicationContext context) {
		this.context = context;
		this.bus = context.getBean(EventBus.class);
	}

	/**
	 * Boots an application.
	 * @param mode the value of {@code eventbus.dispatch.mode} ({@code sequential}, {@code concurrent-await},
	 * {@code fire-and-forget})
	 * @param observers the observer beans
	 */
	/** Event ids in the logging MDC explicitly off: the default since these benchmarks measured its cost. */
	static final Map<String, Object> NO_MDC = Map.of("eventbus.logging.mdc.enabled", "false");

	static StarterBus start(String mode, Object... observers) {
		return start(mode, Map.of(), observers);
	}

	/**
	 * Boots an application with more properties, such as {@code eventbus.logging.mdc.enabled=false}.
	 */
	static StarterBus start(String mode, Map<String, Object> more, Object... observers) {
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		Map<String, Object> properties = new HashMap<>();
		properties.put("eventbus.store.type", "none");
		properties.put("eventbus.dispatch.mode", mode);
		properties.put("logging.level.root", "warn");
		properties.putAll(more);
		application.setDefaultProperties(properties);
		application.addInitializers((context) -> {
			for (int i = 0; i < observers.length; i++) {
				register((GenericApplicationContext) context, "observer" + i, observers[i]);
			}
		});
		return new StarterBus(application.run());
	}

	@SuppressWarnings("unchecked")
	private static <T> void register(GenericApplicationContext context, String name, T observer) {
		context.registerBean(name, (Class<T>) observer.getClass(), () -> observer);
	}

	EventBus bus() {
		return this.bus;
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
