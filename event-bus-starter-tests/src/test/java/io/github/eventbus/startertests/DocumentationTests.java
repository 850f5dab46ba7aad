package io.github.eventbus.startertests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README and the pages under docs/ as a newcomer reads them: the README stays short, every relative
 * link leads to a file of this repository, and every test a page names as the proof of a promise exists.
 */
class DocumentationTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	// `SomeTests`, `SomeTests.method`, `SomeTests.Nested.method`, `...Nested.method`
	private static final Pattern NAMED_TEST = Pattern
		.compile("`([A-Z]\\w*Tests(?:\\.[A-Z]\\w*)*(?:\\.[a-z]\\w*)?|\\.\\.\\.(?:[A-Z]\\w*\\.)*[a-z]\\w*)`");

	@Test
	void theReadmeStaysShort() throws IOException {
		assertThat(Files.readAllLines(ROOT.resolve("README.md"))).hasSizeLessThanOrEqualTo(250);
	}

	@Test
	void everyRelativeLinkLeadsToAFileOfTheRepository() {
		List<String> broken = new ArrayList<>();
		for (Path page : pages()) {
			Matcher link = LINK.matcher(read(page));
			while (link.find()) {
				String target = link.group(1);
				if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("#")) {
					continue;
				}
				Path file = page.getParent().resolve(target.replaceFirst("#.*", "")).normalize();
				if (!file.startsWith(ROOT) || !Files.exists(file)) {
					broken.add(ROOT.relativize(page) + ": " + target);
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	@Test
	void everyTestAPageNamesExists() {
		Map<String, String> testSources = testSources();
		Set<String> missing = new TreeSet<>();
		int named = 0;
		for (Path page : pages()) {
			Matcher reference = NAMED_TEST.matcher(read(page));
			while (reference.find()) {
				named++;
				String name = reference.group(1);
				boolean found = name.startsWith("...")
						// "...method": a method of a test class the page named before, whichever it was
						? testSources.values().stream().anyMatch((source) -> declares(source, name.substring(3)))
						: declares(testSources.get(name.split("\\.")[0]), name.replaceFirst("^\\w+\\.?", ""));
				if (!found) {
					missing.add(ROOT.relativize(page) + ": " + name);
				}
			}
		}
		assertThat(named).as("tests named in the docs").isGreaterThan(20);
		assertThat(missing).isEmpty();
	}

	/** Whether a test class's source declares the nested classes and the method of {@code Nested.method}. */
	private static boolean declares(String source, String members) {
		if (source == null) {
			return false;
		}
		for (String member : members.split("\\.")) {
			if (member.isEmpty() || member.equals("java")) {
				continue;
			}
			Pattern declaration = Character.isUpperCase(member.charAt(0))
					? Pattern.compile("class\\s+" + member + "\\b") : Pattern.compile("void\\s+" + member + "\\s*\\(");
			if (!declaration.matcher(source).find()) {
				return false;
			}
		}
		return true;
	}

	private static List<Path> pages() {
		List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("BENCHMARKS.md")));
		try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return pages;
	}

	/** Source text of every test class of the repository, by simple name (a name in two modules: both texts). */
	private static Map<String, String> testSources() {
		Map<String, String> sources = new HashMap<>();
		try (Stream<Path> files = Files.walk(ROOT, 12)) {
			files.filter((path) -> path.toString().endsWith(".java") && path.toString().contains("/src/test/java/"))
				.forEach((path) -> sources.merge(path.getFileName().toString().replace(".java", ""), read(path),
						String::concat));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return sources;
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
