package io.github.eventbus.autoconfigure.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.eventbus.EventBus;
import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.store.jdbc.notify.PostgresWakeUps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link PostgresWakeUps} as auto-configured, on the PostgreSQL server: the notification is sent after the
 * commit, from outside the appending transaction, and a rolled back publish sends none. Every statement
 * the application's connections run is recorded with whether a transaction was active on its thread.
 */
class PostgresWakeUpsIntegrationTests {

	private static final String PREFIX = PostgresServer.uniquePrefix("eventbus_commit");

	private final Statements statements = new Statements();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JdbcEventStoreAutoConfiguration.class,
				EventBusAutoConfiguration.class))
		.withBean(DataSource.class, () -> this.statements.recording(pool()))
		.withPropertyValues("eventbus.jdbc.table-prefix=" + PREFIX, "eventbus.jdbc.initialize-schema=always");

	@AfterAll
	static void dropTables() {
		PostgresServer.dropTables(PREFIX);
	}

	@Test
	void notifiesAfterCommitOnlyFromOutsideTheAppendingTransaction() throws Exception {
		this.runner.run((context) -> {
			// given
			PostgresWakeUps wakeUps = context.getBean(PostgresWakeUps.class);
			await().until(wakeUps::isListening);
			TransactionTemplate transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			EventBus bus = context.getBean(EventBus.class);
			try (Connection listening = DriverManager.getConnection(PostgresServer.URL)) {
				try (Statement listen = listening.createStatement()) {
					listen.execute("LISTEN \"" + wakeUps.channel() + "\"");
				}
				// when
				transactions.executeWithoutResult((status) -> {
					bus.publish("order-1", "rolled back");
					status.setRollbackOnly();
				});
				transactions.executeWithoutResult((status) -> bus.publish("order-1", "committed"));
				// then
				List<PGNotification> received = new ArrayList<>();
				await().until(() -> {
					PGNotification[] notifications = listening.unwrap(PGConnection.class).getNotifications(100);
					received.addAll(List.of((notifications != null) ? notifications : new PGNotification[0]));
					return !received.isEmpty();
				});
				assertThat(received).hasSize(1);
				assertThat(wakeUps.notificationsSent()).isOne();
				assertThat(this.statements.inTransaction).isNotEmpty().noneMatch(PostgresWakeUpsIntegrationTests::notifies);
				assertThat(this.statements.outsideTransactions).anyMatch(PostgresWakeUpsIntegrationTests::notifies);
			}
		});
	}

	@Test
	void backsOffWhenNotificationsAreDisabled() {
		this.runner.withPropertyValues("eventbus.store.jdbc.notifications.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PostgresWakeUps.class));
	}

	@Test
	void backsOffWithoutThePostgresqlDriver() {
		this.runner.withClassLoader(new FilteredClassLoader(PGConnection.class))
			.run((context) -> assertThat(context).doesNotHaveBean(PostgresWakeUps.class));
	}

	private static boolean notifies(String sql) {
		String statement = sql.strip().toLowerCase(Locale.ROOT);
		return statement.contains("pg_notify(") || statement.startsWith("notify ");
	}

	private static HikariDataSource pool() {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(PostgresServer.URL);
		dataSource.setMaximumPoolSize(4);
		return dataSource;
	}

	/** Records the SQL of every statement, apart by whether a Spring transaction is active on the thread. */
	static class Statements {

		final List<String> inTransaction = new CopyOnWriteArrayList<>();

		final List<String> outsideTransactions = new CopyOnWriteArrayList<>();

		DataSource recording(DataSource target) {
			return proxy(DataSource.class, target);
		}

		private <T> T proxy(Class<T> type, T target) {
			return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type },
					(instance, method, args) -> invoke(target, method, args)));
		}

		private Object invoke(Object target, Method method, Object[] args) throws Throwable {
			if (args != null && args.length > 0 && args[0] instanceof String sql
					&& (method.getName().startsWith("prepare") || method.getName().startsWith("execute"))) {
				(TransactionSynchronizationManager.isActualTransactionActive() ? this.inTransaction
						: this.outsideTransactions).add(sql);
			}
			Object result;
			try {
				result = method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
			if (result instanceof Connection connection && method.getName().equals("getConnection")) {
				return proxy(Connection.class, connection);
			}
			if (result instanceof Statement statement && method.getName().equals("createStatement")) {
				return proxy(Statement.class, statement);
			}
			return result;
		}

	}

}
