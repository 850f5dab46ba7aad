package io.github.eventbus.sample;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample as it starts with its own configuration (no property overridden). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	@Test
	void theRootPageLinksTheConsoleTheApiAndTheActuator() {
		// given
		RestClient client = RestClient.create("http://127.0.0.1:" + this.port);
		// when
		ResponseEntity<String> page = client.get().uri("/").retrieve().toEntity(String.class);
		// then
		assertThat(page.getStatusCode().value()).isEqualTo(200);
		assertThat(page.getBody()).contains("href=\"eventbus-console\"", "href=\"inventory\"",
				"href=\"actuator/eventbus\"", "href=\"actuator/health\"", "fetch('orders'");
		assertThat(client.get().uri("/eventbus-console").retrieve().toEntity(String.class).getBody())
			.contains("event-bus console");
	}

	// Issue 12, defect 13: with H2's default of 2 s, appends and stock updates failed under load.
	@Test
	void theH2DatabaseWaitsForRowLocksLongerThanItsDefault() {
		Integer lockTimeout = new JdbcTemplate(this.dataSource).queryForObject("SELECT LOCK_TIMEOUT()", Integer.class);
		assertThat(lockTimeout).isEqualTo(10_000);
	}

}
