package io.github.eventbus.saga;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventbus.Event;

/** Events and sagas shared by the saga tests. */
final class TestSagas {

	private TestSagas() {
	}

	record Opened(String caseId) {
	}

	record Step(String caseId, int number) {
	}

	record Linked(String caseId, String ticket) {
	}

	/** Starts a case and associates it with a ticket in the same handler. */
	record Filed(String caseId, String ticket) {
	}

	record TicketNote(String ticket, String note) {
	}

	record Closed(String caseId) {
	}

	record Remind(String caseId, long delayMillis) {
	}

	record CancelReminders(String caseId) {
	}

	record Boom(String caseId) {
	}

	/** Fails while {@link CaseSaga#flakyLeft} is positive. */
	record Flaky(String caseId) {
	}

	record Reminder(String text) {
	}

	record Gate(String caseId) {
	}

	/** Saga state: a plain object stored as JSON. */
	public static class CaseState {

		public String caseId;

		public List<Integer> steps = new ArrayList<>();

		public List<String> notes = new ArrayList<>();

		public int reminders;

		public String lastReminder;

	}

	/** Records what it handled and detects two calls for one instance at once. */
	@Saga(state = CaseState.class, name = "case")
	static class CaseSaga {

		final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

		final AtomicInteger overlaps = new AtomicInteger();

		final List<String> handled = new CopyOnWriteArrayList<>();

		final AtomicInteger boomsLeft = new AtomicInteger();

		final CountDownLatch gate = new CountDownLatch(1);

		final AtomicInteger flakyLeft = new AtomicInteger();

		/** The thread of each attempt at a {@link Flaky} event. */
		final List<String> flakyThreads = new CopyOnWriteArrayList<>();

		/** Instances being handled now, and the most seen at once. */
		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger mostRunning = new AtomicInteger();

		volatile long stepMillis;

		volatile long filedMillis;

		private void enter(CaseState state, String what) {
			if (this.inFlight.computeIfAbsent(state.caseId, (id) -> new AtomicInteger()).incrementAndGet() > 1) {
				this.overlaps.incrementAndGet();
			}
			this.mostRunning.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			this.handled.add(state.caseId + ":" + what);
		}

		private void leave(CaseState state) {
			this.running.decrementAndGet();
			this.inFlight.get(state.caseId).decrementAndGet();
		}

		@StartSaga
		@SagaEventHandler(associationProperty = "caseId")
		void on(Opened event, CaseState state) {
			state.caseId = event.caseId();
			enter(state, "opened");
			leave(state);
		}

		@SagaEventHandler(associationProperty = "caseId")
		void on(Event<Step> event, CaseState state) {
			enter(state, "step" + event.payload().number());
			// a little work, so overlapping calls would show
			for (int i = 0; i < 1000; i++) {
				Thread.onSpinWait();
			}
			pause(this.stepMillis);
			state.steps.add(event.payload().number());
			leave(state);
		}

		/** Slows a handler down, so that other instances' reads overtake it. */
		private static void pause(long millis) {
			if (millis > 0) {
				try {
					Thread.sleep(millis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		@StartSaga
		@SagaEventHandler(associationProperty = "caseId")
		void on(Filed event, CaseState state, SagaLifecycle saga) {
			state.caseId = event.caseId();
			enter(state, "filed");
			pause(this.filedMillis);
			saga.associateWith("ticket", event.ticket());
			leave(state);
		}

		@SagaEventHandler(associationProperty = "caseId")
		void on(Linked event, SagaLifecycle saga) {
			saga.associateWith("ticket", event.ticket());
		}

		@SagaEventHandler(associationProperty = "ticket")
		void on(TicketNote event, CaseState state) {
			enter(state, "note");
			state.notes.add(event.note());
			leave(state);
		}

		@SagaEventHandler(associationProperty = "caseId")
		void on(Remind event, SagaLifecycle saga) {
			saga.scheduleDeadline("reminder", Duration.ofMillis(event.delayMillis()), new Reminder("wake up"));
		}

		@SagaEventHandler(associationProperty = "caseId")
		void on(CancelReminders event, SagaLifecycle saga) {
			saga.cancelDeadlines("reminder");
		}

		@SagaEventHandler(associationProperty = "caseId")
		void on(Boom event, CaseState state) {
			state.notes.add("boom handled");
			if (this.boomsLeft.getAndDecrement() > 0) {
				throw new IllegalStateException("boom");
			}
		}

		@SagaEventHandler(associationProperty = "caseId")
		void on(Flaky event, CaseState state) {
			this.flakyThreads.add(Thread.currentThread().getName());
			enter(state, "flaky");
			try {
				if (this.flakyLeft.getAndDecrement() > 0) {
					throw new IllegalStateException("flaky");
				}
				state.notes.add("flaky");
			}
			finally {
				leave(state);
			}
		}

		@SagaEventHandler(associationProperty = "caseId")
		void on(Gate event) throws InterruptedException {
			this.gate.await(10, TimeUnit.SECONDS);
		}

		@DeadlineHandler("reminder")
		void remind(CaseState state, Reminder reminder) {
			if (this.boomsLeft.getAndDecrement() > 0) {
				throw new IllegalStateException("reminder fails");
			}
			state.reminders++;
			state.lastReminder = reminder.text();
			this.handled.add(state.caseId + ":reminder");
		}

		@EndSaga
		@SagaEventHandler(associationProperty = "caseId")
		void on(Closed event, CaseState state) {
			this.handled.add(state.caseId + ":closed");
		}

	}

}
