package io.github.eventbus.sample.payment;

import java.util.UUID;

import io.github.eventbus.EventBus;

import org.springframework.stereotype.Service;

/**
 * The payment domain, with a fake provider that answers by card number:
 * <ul>
 * <li>{@value #DECLINED_CARD}: declined ({@link PaymentDeclined});</li>
 * <li>{@value #SILENT_CARD}: the provider never answers, so the saga's payment deadline fires;</li>
 * <li>any other card: charged ({@link PaymentCharged}).</li>
 * </ul>
 */
@Service
public class Payments {

	/** A card the provider declines. */
	public static final String DECLINED_CARD = "4000000000000002";

	/** A card the provider never answers for. */
	public static final String SILENT_CARD = "4000000000000119";

	/** A card the provider charges. */
	public static final String GOOD_CARD = "4242424242424242";

	private final EventBus bus;

	Payments(EventBus bus) {
		this.bus = bus;
	}

	/** Asks the provider to charge a card; its answer arrives as an event. */
	public void charge(String orderId, long amountCents, String card) {
		this.bus.publish(orderId, new PaymentRequested(orderId, amountCents));
		if (SILENT_CARD.equals(card)) {
			return;
		}
		if (DECLINED_CARD.equals(card)) {
			this.bus.publish(orderId, new PaymentDeclined(orderId, "card declined"));
			return;
		}
		this.bus.publish(orderId, new PaymentCharged(orderId, "pay-" + UUID.randomUUID()));
	}

}
