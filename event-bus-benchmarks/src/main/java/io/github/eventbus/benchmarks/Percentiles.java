package io.github.eventbus.benchmarks;

import java.util.Arrays;

/** Nearest-rank percentiles of latencies in nanoseconds, as the latency checks print them. */
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

}
