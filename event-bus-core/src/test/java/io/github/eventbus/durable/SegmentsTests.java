package io.github.eventbus.durable;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SegmentsTests {

	@Test
	void pinsTheSegmentOfAKeyToCrc32OfItsUtf8BytesSoThatItNeverChangesAcrossVersions() {
		// CRC-32 of "order-1" is 3769860079, of "stream-é" (UTF-8) 916787310
		assertThat(Segments.of("order-1", 12)).isEqualTo(7);
		assertThat(Segments.of("order-2", 12)).isEqualTo(9);
		assertThat(Segments.of("stream-é", 12)).isEqualTo(6);
		assertThat(Segments.of("stream-é", 7)).isEqualTo(5);
		assertThat(Segments.of("", 12)).isZero();
		assertThat(Segments.of("anything", 1)).isZero();
	}

	@Test
	void spreadsStreamsOverEverySegment() {
		// given
		Map<Integer, Integer> counts = new HashMap<>();
		// when
		for (int i = 0; i < 12_000; i++) {
			counts.merge(Segments.of("order-" + i, 12), 1, Integer::sum);
		}
		// then
		assertThat(counts).hasSize(12);
		assertThat(counts.values()).allSatisfy((count) -> assertThat(count).isBetween(800, 1200));
	}

	@Test
	void namesOneSegmentAfterTheObserverSoThatCheckpointsFromBeforeSegmentsKeepWorking() {
		assertThat(Segments.name("orders", 0, 1)).isEqualTo("orders");
		assertThat(Segments.name("orders", 3, 12)).isEqualTo("orders#3/12");
		assertThat(Segments.countOf("orders", "orders")).isEqualTo(1);
		assertThat(Segments.countOf("orders", "orders#3/12")).isEqualTo(12);
		assertThat(Segments.countOf("orders", "orders#member:a")).isEqualTo(-1);
		assertThat(Segments.countOf("orders", "orders#reset")).isEqualTo(-1);
	}

	@Test
	void refusesNoSegments() {
		assertThatIllegalArgumentException().isThrownBy(() -> Segments.of("order-1", 0));
	}

}
