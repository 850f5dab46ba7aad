package io.github.eventbus.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * Percentiles and medians of the benchmarks' samples, each computed one way for every benchmark that
 * prints it.
 */
final class Percentiles {

	private Percentiles() {
	}

	/** The first {@code n} values, sorted, in an array of their own. */
	static long[] sorted(long[] values, int n) {
		long[] sorted = Arrays.copyOf(values, n);
		Arrays.sort(sorted);
		return sorted;
	}

	/** The value at {@code quantile} of sorted nanoseconds, in milliseconds; NaN when there is none. */
	static double ms(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1e6;
	}

	/** The median: the middle value, or the mean of the two middle ones for an even count. */
	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/** The upper median of one column of rows: for an even count, the higher of the two middle values. */
	static double upperMedian(List<double[]> rows, int column) {
		double[] values = rows.stream().mapToDouble((row) -> row[column]).toArray();
		Arrays.sort(values);
		return values[values.length / 2];
	}

}
