package io.github.eventbus.durable;

import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;
import io.github.eventbus.Retry;
import io.github.eventbus.StartFrom;
import io.github.eventbus.durable.Events.OrderPlaced;
import io.github.eventbus.durable.Events.StockCounted;

/** Observer beans with fixed ids whose methods forward to {@link RecordingObserver}s. */
final class Observers {

	private Observers() {
	}

	static class Orders {

		final RecordingObserver recorder;

		Orders(RecordingObserver recorder) {
			this.recorder = recorder;
		}

		@EventObserver(id = "orders", durable = true)
		@Retry(maxAttempts = 4, initialBackoff = "40ms", multiplier = 2.0, maxBackoff = "1s")
		public void on(Event<OrderPlaced> event) {
			this.recorder.handle(event);
		}

	}

	static class OnceOrders {

		final RecordingObserver recorder;

		OnceOrders(RecordingObserver recorder) {
			this.recorder = recorder;
		}

		@EventObserver(id = "once-orders", durable = true)
		@Retry(maxAttempts = 1)
		public void on(Event<OrderPlaced> event) {
			this.recorder.handle(event);
		}

	}

	static class PatientOrders {

		final RecordingObserver recorder;

		PatientOrders(RecordingObserver recorder) {
			this.recorder = recorder;
		}

		@EventObserver(id = "orders", durable = true)
		@Retry(maxAttempts = 3, initialBackoff = "1s", multiplier = 2.0)
		public void on(Event<OrderPlaced> event) {
			this.recorder.handle(event);
		}

	}

	static class ParallelOrders {

		final RecordingObserver recorder;

		ParallelOrders(RecordingObserver recorder) {
			this.recorder = recorder;
		}

		@EventObserver(id = "parallel-orders", durable = true, concurrency = 4)
		@Retry(maxAttempts = 1)
		public void on(Event<OrderPlaced> event) {
			this.recorder.handle(event);
		}

	}

	static class Stock {

		final RecordingObserver recorder;

		Stock(RecordingObserver recorder) {
			this.recorder = recorder;
		}

		@EventObserver(id = "stock", durable = true)
		public void on(Event<StockCounted> event) {
			this.recorder.handle(event);
		}

	}

	static class LateOrders {

		final RecordingObserver recorder;

		LateOrders(RecordingObserver recorder) {
			this.recorder = recorder;
		}

		@EventObserver(id = "late-orders", durable = true, startFrom = StartFrom.NOW)
		public void on(Event<OrderPlaced> event) {
			this.recorder.handle(event);
		}

	}

	static class Forwarder {

		volatile io.github.eventbus.EventBus bus;

		@EventObserver(id = "forwarder", durable = true)
		public void on(Event<OrderPlaced> event) {
			this.bus.publish("sku-" + event.payload().orderId(), new StockCounted(event.payload().orderId(), 1));
		}

	}

	static class NotDurable {

		@EventObserver(id = "not-durable", durable = false)
		public void on(OrderPlaced event) {
		}

	}

	/** Twelve segments, each stream on one instance at a time. */
	static class SegmentedOrders {

		final String instance;

		final StreamLog log;

		SegmentedOrders(String instance, StreamLog log) {
			this.instance = instance;
			this.log = log;
		}

		@EventObserver(id = "segmented-orders", durable = true, segments = 12, concurrency = 2)
		@Retry(maxAttempts = 1)
		public void on(Event<OrderPlaced> event) {
			this.log.handle(this.instance, event);
		}

	}

	/** The same observer id as {@link SegmentedOrders}, with another segment count. */
	static class ResegmentedOrders {

		@EventObserver(id = "segmented-orders", durable = true, segments = 4)
		public void on(Event<OrderPlaced> event) {
		}

	}

}
