package io.github.eventbus.durable.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.github.eventbus.lease.Lease;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Checkpoints carry the id of the event store they were taken on. */
class JdbcCheckpointStoreBindingTests {

	private final DurableTables tables = new DurableTables("bound_");

	private JdbcTemplate jdbc;

	private Lease lease;

	@BeforeEach
	void createTables() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		this.tables.create(dataSource);
		this.jdbc = new JdbcTemplate(dataSource);
		this.lease = new JdbcLeaseStore(this.jdbc, this.tables)
			.tryAcquire("observer", "me", Duration.ofMinutes(1))
			.orElseThrow();
	}

	@Test
	void aCheckpointOfAnotherStoreIsRefusedNotResumed() {
		// given
		JdbcCheckpointStore first = new JdbcCheckpointStore(this.jdbc, this.tables, Clock.systemUTC(), "store-a");
		first.save("observer", 6000, this.lease);
		JdbcCheckpointStore testSubject = new JdbcCheckpointStore(this.jdbc, this.tables, Clock.systemUTC(),
				"store-b");
		// when / then
		assertThat(testSubject.checkpointsOfOtherStores()).containsExactly("observer");
		assertThatIllegalStateException().isThrownBy(() -> testSubject.find("observer"))
			.withMessageContaining("bound_checkpoint")
			.withMessageContaining("store-a");
		assertThat(first.find("observer")).hasValue(6000);
	}

	@Test
	void aCheckpointWithoutStoreIdIsAdoptedByTheNextSave() {
		// given
		new JdbcCheckpointStore(this.jdbc, this.tables, Clock.systemUTC()).save("observer", 5, this.lease);
		JdbcCheckpointStore testSubject = new JdbcCheckpointStore(this.jdbc, this.tables, Clock.systemUTC(),
				"store-a");
		assertThat(testSubject.checkpointsOfOtherStores()).isEmpty();
		assertThat(testSubject.find("observer")).hasValue(5);
		// when
		testSubject.save("observer", 6, this.lease);
		// then
		assertThat(this.jdbc.queryForObject("SELECT store_id FROM bound_checkpoint", String.class))
			.isEqualTo("store-a");
	}

	@Test
	void anUnboundStoreKeepsTheBindingOfARow() {
		// given
		new JdbcCheckpointStore(this.jdbc, this.tables, Clock.systemUTC(), "store-a").save("observer", 5, this.lease);
		JdbcCheckpointStore testSubject = new JdbcCheckpointStore(this.jdbc, this.tables, Clock.systemUTC());
		// when
		testSubject.save("observer", 6, this.lease);
		// then
		assertThat(testSubject.find("observer")).hasValue(6);
		assertThat(this.jdbc.queryForObject("SELECT store_id FROM bound_checkpoint", String.class))
			.isEqualTo("store-a");
	}

}
