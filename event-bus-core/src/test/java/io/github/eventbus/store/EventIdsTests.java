package io.github.eventbus.store;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTests {

	@Test
	void idsAreVersion7WithTheGivenMillisecondsFirst() {
		// given
		long millis = 1_795_000_000_123L;

		// when
		UUID id = EventIds.next(millis);

		// then
		assertThat(id.version()).isEqualTo(7);
		assertThat(id.variant()).isEqualTo(2);
		assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
	}

	@Test
	void idsDoNotRepeat() {
		// given
		Set<UUID> ids = new HashSet<>();

		// when
		for (int i = 0; i < 100_000; i++) {
			ids.add(EventIds.next(42L));
		}

		// then
		assertThat(ids).hasSize(100_000);
	}

}
