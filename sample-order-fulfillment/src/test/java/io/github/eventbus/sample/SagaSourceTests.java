package io.github.eventbus.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The saga is plain sequential code: its sources start no thread and hand no work to a pool. */
class SagaSourceTests {

	private static final Path SAGA_SOURCES = Path.of("src/main/java/io/github/eventbus/sample/saga");

	private static final List<Pattern> SPAWNING = Stream
		.of("new\\s+Thread\\b", "Thread\\.(ofVirtual|ofPlatform|startVirtualThread)", "\\bExecutors\\.",
				"ExecutorService", "CompletableFuture\\.(run|supply)Async", "ForkJoinPool", "\\.parallelStream\\(",
				"@Async\\b", "TaskExecutor", "TaskScheduler")
		.map(Pattern::compile)
		.toList();

	static List<String> spawning(String source) {
		return SPAWNING.stream().filter((pattern) -> pattern.matcher(source).find()).map(Pattern::pattern).toList();
	}

	@Test
	void sagaSourcesSpawnNoThreads() throws IOException {
		// given
		List<Path> sources;
		try (Stream<Path> files = Files.walk(SAGA_SOURCES)) {
			sources = files.filter((file) -> file.toString().endsWith(".java")).toList();
		}
		// then
		assertThat(sources).isNotEmpty();
		for (Path source : sources) {
			assertThat(spawning(Files.readString(source))).as(source.toString()).isEmpty();
		}
	}

	@Test
	void detectorFindsEveryWayOfSpawning() {
		assertThat(spawning("new Thread(() -> ship())")).isNotEmpty();
		assertThat(spawning("Executors.newFixedThreadPool(2)")).isNotEmpty();
		assertThat(spawning("CompletableFuture.runAsync(this::ship)")).isNotEmpty();
		assertThat(spawning("CompletableFuture.supplyAsync(this::pay)")).isNotEmpty();
		assertThat(spawning("Thread.ofVirtual().start(task)")).isNotEmpty();
		assertThat(spawning("items.parallelStream().forEach(this::reserve)")).isNotEmpty();
		assertThat(spawning("this.inventory.reserve(orderId, sku, quantity);")).isEmpty();
	}

}
