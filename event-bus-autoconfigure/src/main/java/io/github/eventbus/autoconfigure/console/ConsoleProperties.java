package io.github.eventbus.autoconfigure.console;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the operations console ({@code eventbus.console.*}).
 */
@ConfigurationProperties("eventbus.console")
public class ConsoleProperties {

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

}
