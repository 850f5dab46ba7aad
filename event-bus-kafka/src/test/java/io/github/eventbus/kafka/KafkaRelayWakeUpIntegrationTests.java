package io.github.eventbus.kafka;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.github.eventbus.EventBus;
import io.github.eventbus.store.jdbc.notify.PostgresWakeUps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two applications on the PostgreSQL server at 127.0.0.1:5432 and one broker: "a" publishes and has no
 * relay, "b" runs the relay, polling the store once a minute. The event reaching Kafka well within that
 * minute was announced by a's notification.
 */
class KafkaRelayWakeUpIntegrationTests {

	private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=2";

	private static final String PREFIX = "eventbus_krelay"
			+ Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xFFFFF)) + "_";

	private static EmbeddedKafkaKraftBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = KafkaTestBroker.start();
	}

	@AfterAll
	static void stopBrokerAndDropTables() throws SQLException {
		broker.destroy();
		try (Connection connection = DriverManager.getConnection(SERVER); Statement statement = connection.createStatement()) {
			List<String> tables = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = "
					+ "current_schema() AND starts_with(tablename, '" + PREFIX + "')")) {
				while (rows.next()) {
					tables.add(rows.getString(1));
				}
			}
			for (String table : tables) {
				statement.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
			}
		}
	}

	@Test
	void theRelayOfAnotherInstanceSendsTheEventBeforeItsPoll() {
		try (ConfigurableApplicationContext b = start("eventbus.kafka.relay.poll-interval=1m");
				ConfigurableApplicationContext a = start("eventbus.kafka.relay.enabled=false")) {
			// given
			KafkaOutboxRelay relay = b.getBean(KafkaOutboxRelay.class);
			await().until(() -> relay.isOwner() && relay.checkpoint() >= 0 && b.getBean(PostgresWakeUps.class).isListening());
			// when
			long position = a.getBean(EventBus.class).publish("order-1", new OrderPlaced("order-1", 1))
				.events()
				.get(0)
				.position();
			// then
			await().atMost(Duration.ofSeconds(20)).until(() -> relay.checkpoint() >= position);
			assertThat(KafkaTestBroker.readAll(broker, List.of("order-events"), 1, Duration.ofSeconds(20))).hasSize(1);
		}
	}

	private static ConfigurableApplicationContext start(String... extra) {
		List<String> properties = new ArrayList<>(List.of("spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
				"spring.datasource.url=" + SERVER, "eventbus.jdbc.table-prefix=" + PREFIX,
				"eventbus.jdbc.initialize-schema=always", "eventbus.kafka.enabled=true"));
		properties.addAll(List.of(extra));
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
