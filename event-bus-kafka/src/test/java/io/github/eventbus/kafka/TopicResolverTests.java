package io.github.eventbus.kafka;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TopicResolverTests {

	@Nested
	class Category {

		@Test
		void isTheStreamIdUpToTheFirstDashOrColon() {
			assertThat(TopicResolver.category("order-42")).isEqualTo("order");
			assertThat(TopicResolver.category("order:42-x")).isEqualTo("order");
			assertThat(TopicResolver.category("payment-3:1")).isEqualTo("payment");
		}

		@Test
		void isTheWholeIdWithoutSeparator() {
			assertThat(TopicResolver.category("inventory")).isEqualTo("inventory");
		}

		@Test
		void replacesCharactersKafkaRejects() {
			assertThat(TopicResolver.category("läger/1-x")).isEqualTo("l_ger_1");
			assertThat(TopicResolver.category("-x")).isEqualTo("_");
		}

	}

	@Test
	void byCategoryFillsThePattern() {
		// given
		TopicResolver testSubject = TopicResolver.byCategory("shop.{category}-events");

		// when
		String topic = testSubject.topicOf("order-42", "order-placed");

		// then
		assertThat(topic).isEqualTo("shop.order-events");
	}

	@Test
	void byCategoryRejectsAPatternWithoutPlaceholder() {
		assertThatIllegalArgumentException().isThrownBy(() -> TopicResolver.byCategory("events"))
			.withMessageContaining("{category}");
	}

}
