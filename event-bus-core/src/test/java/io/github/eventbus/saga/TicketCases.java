package io.github.eventbus.saga;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A saga of cases for the saga failure tests: a case is filed (and associated with its ticket), then gets
 * notes by ticket and steps by case; filing and step 1 fail as often as a test asks.
 */
final class TicketCases {

	record Filed(String caseId, String ticket) {
	}

	record Note(String ticket, String note) {
	}

	record Step(String caseId, int number) {
	}

	public static class State {

		public String caseId;

		public List<String> notes = new ArrayList<>();

		public List<Integer> steps = new ArrayList<>();

	}

	@Saga(state = State.class, name = "cases")
	static class CaseSaga {

		final AtomicInteger filedFailures = new AtomicInteger();

		final AtomicInteger stepOneFailures = new AtomicInteger();

		final List<String> handled = new CopyOnWriteArrayList<>();

		@StartSaga
		@SagaEventHandler(associationProperty = "caseId")
		void on(Filed event, State state, SagaLifecycle saga) {
			if (this.filedFailures.getAndDecrement() > 0) {
				throw new IllegalStateException("transient failure starting " + event.caseId());
			}
			state.caseId = event.caseId();
			saga.associateWith("ticket", event.ticket());
			this.handled.add("filed");
		}

		@SagaEventHandler(associationProperty = "ticket")
		void on(Note event, State state) {
			state.notes.add(event.note());
			this.handled.add("note");
		}

		@SagaEventHandler(associationProperty = "caseId")
		void on(Step event, State state) {
			if (event.number() == 1 && this.stepOneFailures.getAndDecrement() > 0) {
				throw new IllegalStateException("transient failure at step 1");
			}
			state.steps.add(event.number());
			this.handled.add("step" + event.number());
		}

	}

	private TicketCases() {
	}

}
