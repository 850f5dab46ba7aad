package io.github.eventbus.test.app;

import java.time.Duration;

import io.github.eventbus.EventBus;
import io.github.eventbus.saga.DeadlineHandler;
import io.github.eventbus.saga.EndSaga;
import io.github.eventbus.saga.Saga;
import io.github.eventbus.saga.SagaEventHandler;
import io.github.eventbus.saga.SagaLifecycle;
import io.github.eventbus.saga.StartSaga;
import io.github.eventbus.test.app.ShopEvents.InvoiceIssued;
import io.github.eventbus.test.app.ShopEvents.OrderExpired;
import io.github.eventbus.test.app.ShopEvents.PaymentReceived;

/** Waits 30 minutes for the payment of an invoiced order, then expires it. */
@Saga(state = Checkout.class)
public class CheckoutSaga {

	/** How long a customer has to pay. */
	public static final Duration PAYMENT_TIME = Duration.ofMinutes(30);

	private final EventBus bus;

	CheckoutSaga(EventBus bus) {
		this.bus = bus;
	}

	@StartSaga
	@SagaEventHandler(associationProperty = "orderId")
	void on(InvoiceIssued invoice, Checkout checkout, SagaLifecycle saga) {
		checkout.setOrderId(invoice.orderId());
		checkout.setStatus("awaiting payment");
		saga.scheduleDeadline("payment", PAYMENT_TIME);
	}

	@EndSaga
	@SagaEventHandler(associationProperty = "orderId")
	void on(PaymentReceived paid, Checkout checkout, SagaLifecycle saga) {
		saga.cancelDeadlines("payment");
		checkout.setStatus("paid");
	}

	@EndSaga
	@DeadlineHandler("payment")
	void paymentTimedOut(Checkout checkout) {
		checkout.setStatus("expired");
		this.bus.publish(new OrderExpired(checkout.getOrderId()));
	}

}
