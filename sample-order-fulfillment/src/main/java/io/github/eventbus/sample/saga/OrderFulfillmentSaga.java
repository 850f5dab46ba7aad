package io.github.eventbus.sample.saga;

import io.github.eventbus.sample.FulfillmentProperties;
import io.github.eventbus.sample.inventory.Inventory;
import io.github.eventbus.sample.inventory.InventoryReserved;
import io.github.eventbus.sample.inventory.InventoryShort;
import io.github.eventbus.sample.order.CancellationReason;
import io.github.eventbus.sample.order.OrderPlaced;
import io.github.eventbus.sample.order.OrderStatus;
import io.github.eventbus.sample.order.Orders;
import io.github.eventbus.sample.payment.PaymentCharged;
import io.github.eventbus.sample.payment.PaymentDeclined;
import io.github.eventbus.sample.payment.Payments;
import io.github.eventbus.sample.shipping.OrderShipped;
import io.github.eventbus.sample.shipping.Shipping;
import io.github.eventbus.saga.DeadlineHandler;
import io.github.eventbus.saga.EndSaga;
import io.github.eventbus.saga.Saga;
import io.github.eventbus.saga.SagaEventHandler;
import io.github.eventbus.saga.SagaLifecycle;
import io.github.eventbus.saga.StartSaga;

/**
 * Coordinates one order: reserve inventory, charge the payment, ship, complete; and compensates when a step
 * fails: no stock cancels the order, a declined payment or a payment that has not answered within
 * {@code fulfillment.payment-timeout} releases the reservation and cancels the order.
 * <p>
 * Plain sequential code: each handler runs in one transaction with the services it calls, and the events
 * those services publish reach this saga later, after its state is saved.
 */
@Saga(state = OrderFulfillment.class)
class OrderFulfillmentSaga {

	static final String PAYMENT_TIMEOUT = "payment-timeout";

	private final Orders orders;

	private final Inventory inventory;

	private final Payments payments;

	private final Shipping shipping;

	private final FulfillmentProperties properties;

	OrderFulfillmentSaga(Orders orders, Inventory inventory, Payments payments, Shipping shipping,
			FulfillmentProperties properties) {
		this.orders = orders;
		this.inventory = inventory;
		this.payments = payments;
		this.shipping = shipping;
		this.properties = properties;
	}

	@StartSaga
	@SagaEventHandler(associationProperty = "orderId")
	void on(OrderPlaced placed, OrderFulfillment order) {
		order.setOrderId(placed.orderId());
		order.setAmountCents(placed.amountCents());
		order.setCard(placed.card());
		order.setStep("reserving");
		this.inventory.reserve(placed.orderId(), placed.sku(), placed.quantity());
	}

	@SagaEventHandler(associationProperty = "orderId")
	void on(InventoryReserved reserved, OrderFulfillment order, SagaLifecycle saga) {
		order.setStep("paying");
		this.orders.advance(order.getOrderId(), OrderStatus.AWAITING_PAYMENT);
		saga.scheduleDeadline(PAYMENT_TIMEOUT, this.properties.getPaymentTimeout());
		this.payments.charge(order.getOrderId(), order.getAmountCents(), order.getCard());
	}

	@EndSaga
	@SagaEventHandler(associationProperty = "orderId")
	void on(InventoryShort shortage, OrderFulfillment order) {
		order.setStep("cancelled: out of stock");
		this.orders.cancel(order.getOrderId(), CancellationReason.OUT_OF_STOCK);
	}

	@SagaEventHandler(associationProperty = "orderId")
	void on(PaymentCharged charged, OrderFulfillment order, SagaLifecycle saga) {
		saga.cancelDeadlines(PAYMENT_TIMEOUT);
		order.setStep("shipping");
		this.orders.advance(order.getOrderId(), OrderStatus.PAID);
		this.shipping.ship(order.getOrderId());
	}

	@EndSaga
	@SagaEventHandler(associationProperty = "orderId")
	void on(PaymentDeclined declined, OrderFulfillment order) {
		order.setStep("cancelled: payment declined");
		this.inventory.release(order.getOrderId());
		this.orders.cancel(order.getOrderId(), CancellationReason.PAYMENT_DECLINED);
	}

	@EndSaga
	@DeadlineHandler(PAYMENT_TIMEOUT)
	void paymentTimedOut(OrderFulfillment order) {
		order.setStep("cancelled: payment timed out");
		this.inventory.release(order.getOrderId());
		this.orders.cancel(order.getOrderId(), CancellationReason.PAYMENT_TIMEOUT);
	}

	@EndSaga
	@SagaEventHandler(associationProperty = "orderId")
	void on(OrderShipped shipped, OrderFulfillment order) {
		order.setStep("completed");
		this.inventory.sell(order.getOrderId());
		this.orders.complete(order.getOrderId());
	}

}
