package io.github.eventbus.benchmarks.charts;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The chart script runs in the build: it renders every committed benchmark summary, and the PNGs committed
 * next to them have been regenerated since their CSV last changed shape.
 */
class BenchmarkChartsTests {

	private static final Path SUMMARIES = Path.of("..", "docs", "benchmarks");

	@Test
	void rendersAChartPerSummaryWithABarPerComparison() throws Exception {
		// when
		List<Path> charts = BenchmarkCharts.render(SUMMARIES, Path.of("target", "charts"));
		// then
		assertThat(charts).isNotEmpty();
		for (Path chart : charts) {
			List<Comparison> rows = Comparison.read(SUMMARIES.resolve(chart.getFileName().toString().replace(".png", ".csv")));
			BufferedImage image = ImageIO.read(chart.toFile());
			assertThat(image.getWidth()).isEqualTo(RatioChart.WIDTH);
			assertThat(image.getHeight()).isEqualTo(RatioChart.height(rows.size()));
			Comparison first = rows.get(0);
			// Above the target diamond, which may sit on the bar.
			int barMiddle = (RatioChart.x(1) + RatioChart.x(first.ratio())) / 2;
			assertThat(image.getRGB(barMiddle, RatioChart.rowMiddle(0) - 8) & 0xffffff)
				.isEqualTo((first.met() ? RatioChart.MET : RatioChart.NOT_MET).getRGB() & 0xffffff);
		}
	}

	@Test
	void committedChartsMatchTheirSummaries() throws Exception {
		try (Stream<Path> files = Files.list(SUMMARIES)) {
			for (Path csv : files.filter((file) -> file.toString().endsWith(".csv")).toList()) {
				List<Comparison> rows = Comparison.read(csv);
				if (rows.isEmpty()) {
					continue;
				}
				Path png = csv.resolveSibling(csv.getFileName().toString().replace(".csv", ".png"));
				assertThat(png).as("chart of " + csv + ": regenerate with BenchmarkCharts").exists();
				assertThat(ImageIO.read(png.toFile()).getHeight()).as(png + " has a bar per row of " + csv)
					.isEqualTo(RatioChart.height(rows.size()));
			}
		}
	}

	@Test
	void ratiosAreOrientedSoThatAboveOneMeansOursIsBetter(@TempDir Path folder) throws Exception {
		// given
		Path csv = folder.resolve("example.csv");
		Files.writeString(csv, Comparison.HEADER + "\n" + "\"sync, 1 observer\",M/s,higher,6,Guava,2,3\n"
				+ "\"latency, p99\",µs,lower,5,Guava,20,\n");
		// when
		List<Comparison> rows = Comparison.read(csv);
		// then
		assertThat(rows).extracting(Comparison::workload).containsExactly("sync, 1 observer", "latency, p99");
		assertThat(rows.get(0).ratio()).isCloseTo(3.0, within(1e-9));
		assertThat(rows.get(0).met()).isTrue();
		assertThat(rows.get(1).ratio()).isCloseTo(4.0, within(1e-9));
		assertThat(BenchmarkCharts.render(folder, folder)).containsExactly(folder.resolve("example.png"));
	}

}
