package io.github.eventbus.sample.demo;

import io.github.eventbus.durable.DurableObserverStatus;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.sample.OrderFulfillmentApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Demo mode as {@code --demo.orders=N} runs it, with the sample's own segment count: every order settles,
 * and the summary shows the settle time and the saga segments this instance owns.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoIntegrationTests {

	@Test
	void printsTheSettleTimeAndTheSagaSegmentsThisInstanceOwns(CapturedOutput output) {
		// when: the demo runs while the application starts (arguments, so that they win over application.yml)
		ConfigurableApplicationContext testSubject = new SpringApplicationBuilder(OrderFulfillmentApplication.class)
			.run("--demo.orders=100", "--spring.datasource.url=jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
					"--server.port=0", "--fulfillment.payment-timeout=1s", "--eventbus.observers.instance-id=demo");
		// then
		DurableObserverStatus saga = testSubject.getBean(DurableObservers.class).status(DemoRunner.SAGA).orElseThrow();
		assertThat(saga.segments()).as("the saga's segments, as the sample's application.yml sets them")
			.hasSize(4)
			.allSatisfy((segment) -> assertThat(segment.owner()).isEqualTo("demo"));
		assertThat(output).containsPattern("Demo: placed 100 orders from 8 clients in \\d+\\.\\d s")
			.containsPattern("Demo summary: 100 orders settled in \\d+\\.\\d s")
			.containsPattern("\\d+ events stored and handled, \\d+ events/s through the saga pipeline")
			.contains("4 saga segments (eventbus.observers.segments): this instance (demo) owns 0, 1, 2, 3");
		assertThat(SpringApplication.exit(testSubject)).as("exit code: every order settled").isZero();
	}

}
