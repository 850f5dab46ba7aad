package io.github.eventbus.benchmarks.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns the benchmark summaries ({@code docs/benchmarks/<section>.csv}, one row per comparison of ours against
 * an alternative measured in the same run) into one PNG chart per section, next to them or in another folder.
 * <p>
 * Usage: {@code java -cp benchmarks.jar io.github.eventbus.benchmarks.charts.BenchmarkCharts <csv folder> [<png folder>]}.
 * Plain Java2D, so it runs anywhere a JDK does (headless).
 */
public final class BenchmarkCharts {

	private BenchmarkCharts() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length < 1 || args.length > 2) {
			System.err.println("Usage: BenchmarkCharts <folder with <section>.csv files> [<folder for the PNGs>]");
			System.exit(2);
		}
		Path source = Path.of(args[0]);
		Path target = (args.length > 1) ? Path.of(args[1]) : source;
		for (Path chart : render(source, target)) {
			System.out.println("wrote " + chart);
		}
	}

	/**
	 * Renders every CSV of a folder that has at least one comparison.
	 * @param source the folder of {@code <section>.csv} files
	 * @param target where {@code <section>.png} files go
	 * @return the charts written
	 * @throws IOException if a file cannot be read or written
	 */
	public static List<Path> render(Path source, Path target) throws IOException {
		System.setProperty("java.awt.headless", "true");
		Files.createDirectories(target);
		List<Path> written = new ArrayList<>();
		List<Path> csvs;
		try (Stream<Path> files = Files.list(source)) {
			csvs = files.filter((file) -> file.getFileName().toString().endsWith(".csv")).sorted().toList();
		}
		for (Path csv : csvs) {
			List<Comparison> rows = Comparison.read(csv);
			if (rows.isEmpty()) {
				continue;
			}
			String section = csv.getFileName().toString().replaceFirst("\\.csv$", "");
			Path png = target.resolve(section + ".png");
			RatioChart.write(section, rows, png);
			written.add(png);
		}
		return written;
	}

}
