package io.github.eventbus.autoconfigure;

import io.github.eventbus.dispatch.InvalidObserverMethodException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup failure caused by an {@link io.github.eventbus.EventObserver} method the bus cannot
 * call, naming the bean and the method and the signatures that are accepted.
 */
final class InvalidObserverMethodFailureAnalyzer extends AbstractFailureAnalyzer<InvalidObserverMethodException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidObserverMethodException cause) {
		String action = "Change method '" + cause.methodName() + "' of bean '" + cause.beanName()
				+ "': an @EventObserver method is not static and takes exactly one parameter, either the payload type "
				+ "(void on(OrderPlaced event)) or the envelope (void on(Event<OrderPlaced> event)); "
				+ "on a proxied bean it must be public.";
		return new FailureAnalysis(cause.getMessage(), action, cause);
	}

}
