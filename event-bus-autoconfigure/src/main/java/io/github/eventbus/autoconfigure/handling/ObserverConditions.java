package io.github.eventbus.autoconfigure.handling;

import java.lang.invoke.MethodHandle;

import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;
import io.github.eventbus.autoconfigure.ObserverDecorator;
import io.github.eventbus.autoconfigure.ObserverInvokers;
import io.github.eventbus.autoconfigure.ObserverInvokers.ObserverCall;
import io.github.eventbus.dispatch.ObserverDefinition;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * Applies {@link EventObserver#condition()}: an observer with a condition is called only for the events it
 * matches; for the others the call returns at once, so a durable observer's checkpoint moves past them. The
 * expression is parsed once at startup (a condition that does not parse fails startup) and compiled by SpEL
 * once it has run a few times. Outermost, so skipped events are neither timed nor counted as handled.
 */
final class ObserverConditions implements ObserverDecorator, Ordered {

	static final int ORDER = ObserverTimeouts.ORDER + 100;

	private final SpelExpressionParser parser = new SpelExpressionParser(
			new SpelParserConfiguration(SpelCompilerMode.MIXED, ObserverConditions.class.getClassLoader()));

	@Override
	public ObserverDefinition decorate(ObserverDefinition definition) {
		EventObserver annotation = AnnotatedElementUtils.findMergedAnnotation(definition.method(), EventObserver.class);
		if (annotation == null || annotation.condition().isBlank()) {
			return definition;
		}
		Expression expression;
		try {
			expression = this.parser.parseExpression(annotation.condition());
		}
		catch (ParseException ex) {
			throw new IllegalStateException("@EventObserver(condition = \"" + annotation.condition() + "\") of "
					+ ObserverTimeouts.describe(definition) + " is not a valid SpEL expression: " + ex.getMessage(), ex);
		}
		return ObserverInvokers.wrap(definition, (next) -> new ConditionalCall(next, expression));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	private static final class ConditionalCall implements ObserverCall {

		private final MethodHandle next;

		private final Expression expression;

		ConditionalCall(MethodHandle next, Expression expression) {
			this.next = next;
			this.expression = expression;
		}

		@Override
		public void call(Event<?> event) throws Throwable {
			StandardEvaluationContext context = new StandardEvaluationContext(new ConditionRoot(event));
			context.setVariable("event", event);
			context.setVariable("payload", event.payload());
			if (Boolean.TRUE.equals(this.expression.getValue(context, Boolean.class))) {
				this.next.invokeExact((Object) event);
			}
		}

	}

}
