package io.github.eventbus.test.app;

/** State of one {@link CheckoutSaga} instance. */
public class Checkout {

	private String orderId = "";

	private String status = "new";

	public String getOrderId() {
		return this.orderId;
	}

	public void setOrderId(String orderId) {
		this.orderId = orderId;
	}

	public String getStatus() {
		return this.status;
	}

	public void setStatus(String status) {
		this.status = status;
	}

}
