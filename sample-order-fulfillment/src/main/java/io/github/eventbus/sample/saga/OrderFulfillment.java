package io.github.eventbus.sample.saga;

/**
 * The state of one running {@link OrderFulfillmentSaga}: a plain object, stored as JSON after every event.
 */
public class OrderFulfillment {

	private String orderId;

	private long amountCents;

	private String card;

	private String step = "placed";

	public String getOrderId() {
		return this.orderId;
	}

	public void setOrderId(String orderId) {
		this.orderId = orderId;
	}

	public long getAmountCents() {
		return this.amountCents;
	}

	public void setAmountCents(long amountCents) {
		this.amountCents = amountCents;
	}

	public String getCard() {
		return this.card;
	}

	public void setCard(String card) {
		this.card = card;
	}

	/** The last step reached, for humans reading the saga table. */
	public String getStep() {
		return this.step;
	}

	public void setStep(String step) {
		this.step = step;
	}

}
