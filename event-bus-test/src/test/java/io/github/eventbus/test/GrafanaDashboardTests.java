package io.github.eventbus.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.eventbus.metrics.EventBusMeters;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard in {@code docs/grafana} queries only what the documented meters
 * ({@link EventBusMeters}) become in Prometheus, and shows each concern the docs promise.
 */
class GrafanaDashboardTests {

	private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "eventbus-dashboard.json");

	private static final Pattern METRIC = Pattern.compile("\\beventbus_[a-z0-9_]+");

	@Test
	void everyMetricItQueriesIsADocumentedMeter() throws Exception {
		// given
		Set<String> exported = new TreeSet<>();
		exportedNames().values().forEach(exported::addAll);
		// when
		Set<String> queried = queriedMetrics();
		// then
		assertThat(queried).isNotEmpty();
		assertThat(exported).containsAll(queried);
	}

	@Test
	void showsThroughputPercentilesLagMailboxDeadLettersAndStoreAppends() throws Exception {
		// given
		Map<EventBusMeters, Set<String>> exported = exportedNames();
		// when
		Set<String> queried = queriedMetrics();
		// then
		for (EventBusMeters meter : List.of(EventBusMeters.EVENTS_PUBLISHED, EventBusMeters.OBSERVER_HANDLING,
				EventBusMeters.OBSERVER_LAG, EventBusMeters.OBSERVER_MAILBOX_SIZE, EventBusMeters.OBSERVER_DEAD_LETTERS,
				EventBusMeters.STORE_APPEND)) {
			assertThat(exported.get(meter)).as(meter.getName()).containsAnyElementsOf(queried);
		}
		assertThat(expressions()).anyMatch((expr) -> expr.startsWith("histogram_quantile(0.99")
				&& expr.contains("eventbus_observer_handling_seconds_bucket"));
	}

	/** What each documented meter is called in a Prometheus scrape, histograms included. */
	private static Map<EventBusMeters, Set<String>> exportedNames() {
		Map<EventBusMeters, Set<String>> names = new EnumMap<>(EventBusMeters.class);
		for (EventBusMeters meter : EventBusMeters.values()) {
			PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
			register(registry, meter);
			Set<String> scraped = new TreeSet<>();
			registry.scrape().lines().filter((line) -> !line.startsWith("#") && !line.isBlank())
				.forEach((line) -> scraped.add(line.split("[{ ]", 2)[0]));
			names.put(meter, scraped);
			registry.close();
		}
		return names;
	}

	private static void register(PrometheusMeterRegistry registry, EventBusMeters meter) {
		Tags tags = Tags.empty();
		for (KeyName key : meter.getKeyNames()) {
			tags = tags.and(key.asString(), "x");
		}
		switch (meter.getType()) {
			case COUNTER -> Counter.builder(meter.getName()).tags(tags).register(registry).increment();
			case TIMER -> Timer.builder(meter.getName()).tags(tags).publishPercentileHistogram().register(registry)
				.record(Duration.ofMillis(1));
			case DISTRIBUTION_SUMMARY -> DistributionSummary.builder(meter.getName()).baseUnit(meter.getBaseUnit())
				.tags(tags).publishPercentileHistogram().register(registry).record(1);
			case GAUGE -> Gauge.builder(meter.getName(), () -> 1).baseUnit(meter.getBaseUnit()).tags(tags)
				.register(registry);
			default -> throw new IllegalStateException("Unexpected meter type of " + meter);
		}
	}

	private static Set<String> queriedMetrics() throws Exception {
		Set<String> metrics = new TreeSet<>();
		for (String expression : expressions()) {
			Matcher matcher = METRIC.matcher(expression);
			while (matcher.find()) {
				metrics.add(matcher.group());
			}
		}
		return metrics;
	}

	/** Every PromQL expression: panel targets and template variable queries. */
	private static List<String> expressions() throws Exception {
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		List<String> expressions = new ArrayList<>();
		collect(dashboard, expressions);
		return expressions;
	}

	private static void collect(JsonNode node, List<String> expressions) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				if ((field.getKey().equals("expr") || field.getKey().equals("definition")) && field.getValue().isString()) {
					expressions.add(field.getValue().asString());
				}
				collect(field.getValue(), expressions);
			}
		}
		else if (node.isArray()) {
			for (JsonNode element : node) {
				collect(element, expressions);
			}
		}
	}

}
