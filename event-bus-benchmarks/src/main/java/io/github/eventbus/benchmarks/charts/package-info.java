/**
 * Charts of the benchmark summaries ({@code docs/benchmarks/*.csv}) for BENCHMARKS.md, drawn with Java2D.
 */
@NullMarked
package io.github.eventbus.benchmarks.charts;

import org.jspecify.annotations.NullMarked;
