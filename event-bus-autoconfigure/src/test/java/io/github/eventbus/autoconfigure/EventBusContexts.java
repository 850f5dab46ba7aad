package io.github.eventbus.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The context runner every test starts from: the bus auto-configuration as an application gets it. */
final class EventBusContexts {

	private EventBusContexts() {
	}

	static ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(
				AutoConfigurations.of(TaskExecutionAutoConfiguration.class, EventBusAutoConfiguration.class));
	}

}
