package io.github.eventbus.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.github.eventbus.EventObserver;
import io.github.eventbus.sample.order.OrderPlaced;
import io.github.eventbus.sample.payment.Payments;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operations console in headless Chromium (Debian's {@code chromium}, driven by Playwright without
 * downloading a browser): it lists the sample's observers, a poison event shows up as a dead letter with its
 * JSON, and pressing replay delivers it and empties the list. Screenshots go to {@code target/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:console;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "eventbus.console.enabled=true",
				"eventbus.console.refresh-interval=250ms", "management.endpoint.eventbus.access=unrestricted",
				"eventbus.retry.max-attempts=1" })
class ConsoleBrowserIntegrationTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	// Without these, Chromium keeps trying to reach Google's hosts, which a closed network refuses.
	private static final List<String> CHROMIUM_FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
			"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

	@LocalServerPort
	private int port;

	@Autowired
	private CustomerNotifications notifications;

	@BeforeAll
	static void chromium() {
		// CI installs Chromium (.ci/run): there a missing browser is a failure, not a skip.
		if (System.getenv("CI") != null) {
			assertThat(CHROMIUM).as("Chromium for the console's browser test").isExecutable();
		}
		assumeTrue(Files.isExecutable(CHROMIUM),
				"No Chromium at /usr/bin/chromium: install Debian's package (apt-get install -y chromium) to run this test");
		PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
	}

	@Test
	void operatorSeesObserversAndReplaysAPoisonEvent() throws Exception {
		try (Playwright playwright = Playwright
			.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
				Browser browser = playwright.chromium()
					.launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
						.setArgs(CHROMIUM_FLAGS))) {
			Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 860));
			FulfillmentClient client = new FulfillmentClient(this.port);
			// given
			page.navigate("http://127.0.0.1:" + this.port + "/eventbus-console");
			expect(page.locator("#observers tr[data-observer='saga:OrderFulfillmentSaga']")).isVisible();
			expect(page.locator("#observers tr[data-observer='customer-notifications']")).containsText("RUNNING");
			expect(page.locator("#access")).hasText("replay and discard enabled");
			// when: the mail server is down, so the order's notification is dead-lettered
			this.notifications.mailServerDown = true;
			String orderId = client.place("BOOK", 1, Payments.GOOD_CARD);
			Locator deadLetter = page.locator("#dead-letters tbody tr").filter(new Locator.FilterOptions().setHasText(orderId));
			expect(deadLetter).hasCount(1);
			expect(deadLetter).containsText("mail server down");
			deadLetter.locator("button.show-event").click();
			expect(page.locator("#dead-letter-event")).containsText("\"orderId\": \"" + orderId + "\"");
			expect(page.locator("#observers tr[data-observer='customer-notifications']")).containsText("1");
			screenshot(page, "console-dead-letter.png");
			// then: once it is back, replay delivers the event and the list empties
			this.notifications.mailServerDown = false;
			deadLetter.locator("button.replay").click();
			expect(page.locator("#dead-letters tbody tr")).hasCount(0);
			expect(page.locator("#no-dead-letters")).isVisible();
			assertThat(this.notifications.sent).contains(orderId);
			// and the order's stream history is one search away
			page.fill("#stream-id", orderId);
			page.click("#stream-form button");
			expect(page.locator("#stream tbody tr").first()).containsText("order-placed");
			screenshot(page, "console-after-replay.png");
		}
	}

	private static LocatorAssertions expect(Locator locator) {
		return PlaywrightAssertions.assertThat(locator);
	}

	private static void screenshot(Page page, String name) throws Exception {
		Files.createDirectories(Path.of("target"));
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", name)).setFullPage(true));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Notifications {

		@Bean
		CustomerNotifications customerNotifications() {
			return new CustomerNotifications();
		}

	}

	/** A durable observer that e-mails the customer, through a mail server the test takes down. */
	static class CustomerNotifications {

		volatile boolean mailServerDown;

		final Set<String> sent = ConcurrentHashMap.newKeySet();

		@EventObserver(id = "customer-notifications", durable = true)
		void on(OrderPlaced placed) {
			if (this.mailServerDown) {
				throw new IllegalStateException("mail server down");
			}
			this.sent.add(placed.orderId());
		}

	}

}
