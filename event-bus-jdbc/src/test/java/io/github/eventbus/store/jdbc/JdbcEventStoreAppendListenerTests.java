package io.github.eventbus.store.jdbc;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.zaxxer.hikari.HikariDataSource;
import io.github.eventbus.EventMetadata;
import io.github.eventbus.store.ConcurrencyConflictException;
import io.github.eventbus.store.TestEvents.Deposited;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The metrics hook of the JDBC store, on H2. */
class JdbcEventStoreAppendListenerTests {

	private HikariDataSource dataSource;

	private JdbcEventStore testSubject;

	private final List<String> calls = new CopyOnWriteArrayList<>();

	@BeforeEach
	void createStore() {
		this.dataSource = new HikariDataSource();
		this.dataSource.setJdbcUrl("jdbc:h2:mem:listener-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		JdbcEventStoreSchema.create(this.dataSource, JdbcEventStoreSchema.DEFAULT_TABLE_PREFIX);
		this.testSubject = new JdbcEventStore(this.dataSource,
				new EventSerializer(new JsonMapper(), new EventTypeRegistry()));
	}

	@AfterEach
	void closeStore() {
		this.testSubject.close();
		this.dataSource.close();
	}

	@Test
	void tellsEveryAppendAndEveryGroupCommitBatch() {
		// given
		this.testSubject.setAppendListener(new Recording());
		// when
		this.testSubject.appendOne("a", new Deposited("a", 1), EventMetadata.empty());
		this.testSubject.append("b", 0, List.of(new Deposited("b", 1), new Deposited("b", 2)));
		// then
		assertThat(this.calls).filteredOn((call) -> call.startsWith("appended"))
			.containsExactly("appended 1 true", "appended 2 true");
		assertThat(this.calls).filteredOn((call) -> call.startsWith("batch"))
			.allSatisfy((call) -> assertThat(call).matches("batch \\d+ \\d+"))
			.extracting((call) -> Integer.parseInt(call.split(" ")[2]))
			.containsExactly(1, 2);
	}

	@Test
	void tellsAFailedAppend() {
		// given
		this.testSubject.setAppendListener(new Recording());
		this.testSubject.append("c", 0, List.of(new Deposited("c", 1)));
		// when
		assertThatExceptionOfType(ConcurrencyConflictException.class)
			.isThrownBy(() -> this.testSubject.append("c", 0, List.of(new Deposited("c", 2))));
		// then
		assertThat(this.calls).filteredOn((call) -> call.startsWith("appended"))
			.containsExactly("appended 1 true", "appended 1 false");
	}

	@Test
	void aFailingListenerFailsNoAppend() {
		// given
		this.testSubject.setAppendListener(new AppendListener() {
			@Override
			public void appended(int events, long nanos, boolean succeeded) {
				throw new IllegalStateException("listener broke");
			}

			@Override
			public void batchWritten(int requests, int events, long nanos) {
				throw new IllegalStateException("listener broke");
			}
		});
		// when
		this.testSubject.appendOne("d", new Deposited("d", 1), EventMetadata.empty());
		// then
		assertThat(this.testSubject.readStream("d")).hasSize(1);
	}

	private final class Recording implements AppendListener {

		@Override
		public void appended(int events, long nanos, boolean succeeded) {
			assertThat(nanos).isPositive();
			JdbcEventStoreAppendListenerTests.this.calls.add("appended " + events + " " + succeeded);
		}

		@Override
		public void batchWritten(int requests, int events, long nanos) {
			JdbcEventStoreAppendListenerTests.this.calls.add("batch " + requests + " " + events);
		}

	}

}
