package io.github.eventbus.store.jdbc;

import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.github.eventbus.Event;
import io.github.eventbus.store.ConcurrencyConflictException;
import io.github.eventbus.jdbc.JdbcSchema;
import io.github.eventbus.store.TestEvents.Deposited;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * A store created by schema version 1 (head row, dense positions) is upgraded by running the shipped
 * script again: old events stay readable in their order, new ones follow, streams continue at their
 * versions. On the PostgreSQL server at 127.0.0.1:5432.
 */
@EnabledIf("io.github.eventbus.store.jdbc.PostgresServerJdbcEventStoreIntegrationTests#serverReachable")
class PostgresSchemaUpgradeIntegrationTests {

	private static final String V1_SCRIPT = "io/github/eventbus/store/jdbc/schema-postgresql-v1.sql";

	private HikariDataSource dataSource;

	private JdbcTemplate jdbc;

	private String prefix;

	private JdbcEventStore testSubject;

	@BeforeEach
	void createVersionOneTables() {
		this.dataSource = new HikariDataSource();
		this.dataSource.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true");
		this.dataSource.setUsername("postgres");
		this.dataSource.setMaximumPoolSize(4);
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.prefix = "upgrade" + System.nanoTime() % 1_000_000 + "_";
		JdbcSchema.create(this.dataSource, "classpath:" + V1_SCRIPT.replace("postgresql", "@@platform@@"),
				this.prefix);
	}

	@AfterEach
	void dropTables() {
		if (this.testSubject != null) {
			this.testSubject.close();
		}
		for (String table : List.of("events", "head", "streams", "store")) {
			this.jdbc.execute("DROP TABLE IF EXISTS " + this.prefix + table);
		}
		this.dataSource.close();
	}

	@Test
	void keepsOldEventsReadableInOrderAndAppendsAfterThem() {
		// given: what release 1 wrote: dense positions from the head row
		UUID ownStream = UUID.randomUUID();
		insertOld(1, UUID.randomUUID(), "a", 1);
		insertOld(2, UUID.randomUUID(), "b", 1);
		insertOld(3, UUID.randomUUID(), "a", 2);
		insertOld(4, ownStream, ownStream.toString(), 1);
		insertOld(5, UUID.randomUUID(), "a", 3);
		this.jdbc.update(sql("UPDATE @@prefix@@head SET position = 5"));
		// when
		JdbcEventStoreSchema.create(this.dataSource, this.prefix);
		JdbcEventStoreSchema.create(this.dataSource, this.prefix);
		EventTypeRegistry types = new EventTypeRegistry();
		types.register(Deposited.class);
		this.testSubject = new JdbcEventStore(this.dataSource, new EventSerializer(new JsonMapper(), types),
				this.prefix, 100, JdbcEventStore.DEFAULT_MAX_WAIT);
		// then: old events in their order
		assertThat(this.jdbc.queryForObject(sql("SELECT schema_version FROM @@prefix@@store"), Integer.class))
			.isEqualTo(2);
		assertThat(this.testSubject.readAll(1, 10)).extracting(Event::position).containsExactly(1L, 2L, 3L, 4L, 5L);
		assertThat(this.testSubject.readAll(1, 10)).first()
			.satisfies((event) -> assertThat(event.payload()).isEqualTo(new Deposited("a", 1)));
		// then: streams continue at their versions, checks stay exact, new positions follow the old ones
		Event<?> a4 = this.testSubject.append("a", 3, List.of(new Deposited("a", 4))).get(0);
		Event<?> own2 = this.testSubject.append(ownStream.toString(), 1, List.of(new Deposited("o", 2))).get(0);
		Event<?> c1 = this.testSubject.append("c", 0, List.of(new Deposited("c", 1))).get(0);
		assertThat(List.of(a4, own2, c1)).extracting(Event::version).containsExactly(4L, 2L, 1L);
		assertThat(a4.position()).isGreaterThan(5);
		assertThatExceptionOfType(ConcurrencyConflictException.class)
			.isThrownBy(() -> this.testSubject.append("b", 0, List.of(new Deposited("b", 2))))
			.satisfies((ex) -> assertThat(ex.actualVersion()).isEqualTo(1));
		await().until(() -> this.testSubject.headPosition() >= c1.position());
		assertThat(this.testSubject.readAll(1, 10)).extracting(Event::position)
			.containsExactly(1L, 2L, 3L, 4L, 5L, a4.position(), own2.position(), c1.position());
		assertThat(this.testSubject.readStream("a")).extracting(Event::version).containsExactly(1L, 2L, 3L, 4L);
	}

	@Test
	void refusesOldPositionsAboveWhatNewTransactionsGet() {
		// given: a position no transaction id of this cluster reaches (as after a logical restore elsewhere)
		insertOld(1L << 60, UUID.randomUUID(), "a", 1);
		// when / then: the script says why (Spring Boot's initializer, unless continue-on-error)
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> JdbcEventStoreSchema.create(this.dataSource, this.prefix))
			.withStackTraceContaining("above the positions new transactions get");
		// and: the store refuses to append
		this.jdbc.update(sql("UPDATE @@prefix@@store SET schema_version = 2"));
		this.jdbc.execute(sql("CREATE TABLE IF NOT EXISTS @@prefix@@streams (stream_id TEXT PRIMARY KEY,"
				+ " version BIGINT NOT NULL, last_position BIGINT NOT NULL)"));
		this.testSubject = new JdbcEventStore(this.dataSource,
				new EventSerializer(new JsonMapper(), new EventTypeRegistry()), this.prefix, 100,
				JdbcEventStore.DEFAULT_MAX_WAIT);
		assertThatIllegalStateException()
			.isThrownBy(() -> this.testSubject.append("a", 1, List.of(new Deposited("a", 2))))
			.withMessageContaining("Backups and restores");
	}

	private void insertOld(long position, UUID id, String stream, long version) {
		this.jdbc.update(sql("""
				INSERT INTO @@prefix@@events (position, event_id, stream_id, version, type_name, type_version, payload,
					occurred_at) VALUES (?, ?, ?, ?, 'deposited', 1, CAST(? AS jsonb), CURRENT_TIMESTAMP)
				"""), position, id, stream, version, "{\"account\": \"" + stream + "\", \"amount\": " + version + "}");
	}

	private String sql(String sql) {
		return JdbcEventStoreSchema.withTablePrefix(sql, this.prefix);
	}

}
