package io.github.eventbus.startertests;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every property docs/configuration.md documents exists in the configuration metadata the build generates
 * (the starter's and the Kafka module's), and every {@code eventbus.*} property of the metadata is documented.
 */
class ConfigurationDocsTests {

	private static final Path DOCS = Path.of("..", "docs", "configuration.md");

	// The first cell of a table row: `eventbus.x.y` or `management.x.eventbus...`.
	private static final Pattern DOCUMENTED = Pattern.compile("^\\|\\s*`((?:eventbus|management)\\.[^`]+)`",
			Pattern.MULTILINE);

	@Test
	void everyDocumentedPropertyExists() throws IOException {
		Map<String, String> metadata = metadata();
		Set<String> unknown = new TreeSet<>();
		for (String property : documented()) {
			if (!exists(property, metadata)) {
				unknown.add(property);
			}
		}
		assertThat(unknown).as("properties in %s without metadata", DOCS).isEmpty();
	}

	@Test
	void everyPropertyIsDocumented() throws IOException {
		Set<String> documented = documented();
		Set<String> undocumented = new TreeSet<>(metadata().keySet());
		undocumented.removeIf((name) -> !name.startsWith("eventbus.") || documented.contains(name)
				|| documented.stream().anyMatch((doc) -> doc.startsWith(name + ".<")));
		assertThat(undocumented).as("properties missing from %s", DOCS).isEmpty();
	}

	private static boolean exists(String property, Map<String, String> metadata) {
		if (metadata.containsKey(property)) {
			return true;
		}
		// A map entry: eventbus.kafka.consumers.<id>.topics belongs to the map property eventbus.kafka.consumers.
		int key = property.indexOf(".<");
		return key > 0 && metadata.getOrDefault(property.substring(0, key), "").startsWith("java.util.Map");
	}

	private static Set<String> documented() throws IOException {
		Set<String> properties = new TreeSet<>();
		Matcher matcher = DOCUMENTED.matcher(Files.readString(DOCS));
		while (matcher.find()) {
			properties.add(matcher.group(1));
		}
		assertThat(properties).as("properties found in %s", DOCS).hasSizeGreaterThan(40);
		return properties;
	}

	/** Name to type of every property in every generated metadata file on the class path. */
	private static Map<String, String> metadata() throws IOException {
		Map<String, String> properties = new HashMap<>();
		JsonMapper json = JsonMapper.builder().build();
		for (URL url : Collections
			.list(ConfigurationDocsTests.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				for (JsonNode property : json.readTree(in).path("properties")) {
					properties.put(property.path("name").asString(), property.path("type").asString(""));
				}
			}
		}
		return properties;
	}

}
