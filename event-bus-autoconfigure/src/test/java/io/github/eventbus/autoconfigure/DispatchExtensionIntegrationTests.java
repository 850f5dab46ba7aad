package io.github.eventbus.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.eventbus.Event;
import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.autoconfigure.TestEvents.Tick;
import io.github.eventbus.dispatch.DispatchExtension;
import io.github.eventbus.dispatch.ObserverDefinition;
import io.github.eventbus.dispatch.ObserverRegistry;
import io.github.eventbus.dispatch.ObserverSnapshot;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DispatchExtension} beans are added to the bus before any observer is registered. */
class DispatchExtensionIntegrationTests {

	private final ApplicationContextRunner contextRunner = EventBusContexts.runner()
		.withBean("recorder", RecordingObserver.class)
		.withBean("durableRecorder", DurableObserver.class)
		.withBean("extension", TakingExtension.class);

	@Test
	void extensionsAreOfferedEveryObserver() {
		this.contextRunner.run((context) -> {
			TakingExtension extension = context.getBean(TakingExtension.class);
			assertThat(extension.offered).containsExactlyInAnyOrder("recorder.on", "durableRecorder.on");
		});
	}

	@Test
	void anObserverTakenOverByAnExtensionGetsNoMailboxAndTheExtensionSeesStoredEvents() {
		this.contextRunner.run((context) -> {
			// when
			EventBus testSubject = context.getBean(EventBus.class);
			Event<?> published = testSubject.publish(new Tick(1)).event();
			// then
			assertThat(context.getBean(ObserverRegistry.class).observers()).extracting(ObserverSnapshot::id)
				.containsExactly("recorder.on");
			assertThat(context.getBean(RecordingObserver.class).payloads()).containsExactly(new Tick(1));
			assertThat(context.getBean(TakingExtension.class).appended).containsExactly(published);
			assertThat(context.getBean(DurableObserver.class).recorder.count()).isZero();
		});
	}

	static class DurableObserver {

		final RecordingObserver recorder = new RecordingObserver();

		@EventObserver(durable = true)
		void on(Tick tick) {
			this.recorder.record(tick);
		}

	}

	/** Takes over the observers declared durable, as the durable-observer extension does. */
	static class TakingExtension implements DispatchExtension {

		final List<String> offered = new ArrayList<>();

		final List<Event<?>> appended = new ArrayList<>();

		@Override
		public synchronized boolean register(ObserverDefinition definition) {
			this.offered.add(definition.id());
			return Boolean.TRUE.equals(definition.durable());
		}

		@Override
		public synchronized void appended(List<Event<?>> events) {
			this.appended.addAll(events);
		}

	}

}
