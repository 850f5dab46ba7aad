/**
 * JMH benchmarks of the bus against Spring's application events, Guava's {@code EventBus}, the LMAX
 * Disruptor and raw pgjdbc. Not published; see {@code BENCHMARKS.md} at the repository root.
 */
@NullMarked
package io.github.eventbus.benchmarks;

import org.jspecify.annotations.NullMarked;
