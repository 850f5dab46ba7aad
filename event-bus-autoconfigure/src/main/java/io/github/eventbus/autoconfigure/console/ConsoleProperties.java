package io.github.eventbus.autoconfigure.console;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of the operations console ({@code eventbus.console.*}), validated when bound: a path the page could
 * not build its requests on, or a refresh interval that is not positive, fails startup naming the property.
 */
@ConfigurationProperties("eventbus.console")
public class ConsoleProperties implements Validator {

	/** Default path of the console. */
	public static final String DEFAULT_PATH = "/eventbus-console";

	/**
	 * Whether to serve the operations console (a web page listing observers, dead letters and streams).
	 */
	private boolean enabled;

	/**
	 * Path the console is served under, starting with '/'.
	 */
	private String path = DEFAULT_PATH;

	/**
	 * How often the page refreshes the observers' state.
	 */
	private Duration refreshInterval = Duration.ofSeconds(2);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	@Override
	public boolean supports(Class<?> type) {
		return ConsoleProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		ConsoleProperties properties = (ConsoleProperties) target;
		String path = properties.getPath();
		// The page builds its requests as path + "/api/...": a relative or slash-ended path breaks them.
		if (path == null || !path.startsWith("/") || path.length() == 1 || path.endsWith("/")) {
			errors.rejectValue("path", "invalidPath", "must start with '/' and not end with one, like "
					+ DEFAULT_PATH);
		}
		Duration refresh = properties.getRefreshInterval();
		if (refresh == null || refresh.isNegative() || refresh.isZero()) {
			// Dashed, as Spring Boot names the property in its report.
			errors.rejectValue("refresh-interval", "notPositive", "must be positive");
		}
	}

}
