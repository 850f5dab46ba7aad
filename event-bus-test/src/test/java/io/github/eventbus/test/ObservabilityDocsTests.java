package io.github.eventbus.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.eventbus.metrics.EventBusMeters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The meter table of docs/observability.md lists exactly the meters the bus registers ({@link EventBusMeters}). */
class ObservabilityDocsTests {

	private static final Path DOCS = Path.of("..", "docs", "observability.md");

	// The first cell of a row of the meter table: | `eventbus.x.y` | gauge ... |
	private static final Pattern METER_ROW = Pattern
		.compile("^\\| `(eventbus\\.[a-z.]+)` \\| (?:counter|timer|gauge|distribution summary)", Pattern.MULTILINE);

	@Test
	void theMeterTableNamesEveryMeterAndNoOther() throws IOException {
		// given
		Set<String> registered = Arrays.stream(EventBusMeters.values())
			.map(EventBusMeters::getName)
			.collect(Collectors.toCollection(TreeSet::new));
		// when
		Set<String> documented = new TreeSet<>();
		Matcher row = METER_ROW.matcher(Files.readString(DOCS));
		while (row.find()) {
			documented.add(row.group(1));
		}
		// then
		assertThat(documented).isEqualTo(registered);
	}

}
