package io.github.eventbus.jdbc;

/**
 * Thrown when a table prefix is not a plain SQL identifier: a letter or {@code _}, then up to 40 letters,
 * digits or {@code _}. Prefixes are written into SQL text, so nothing else is accepted.
 */
public class InvalidTablePrefixException extends IllegalArgumentException {

	private final String tablePrefix;

	/**
	 * Creates an exception.
	 * @param tablePrefix the rejected prefix
	 */
	public InvalidTablePrefixException(String tablePrefix) {
		super(JdbcSchema.describeInvalidTablePrefix(tablePrefix));
		this.tablePrefix = tablePrefix;
	}

	/**
	 * The rejected prefix.
	 * @return the prefix
	 */
	public String getTablePrefix() {
		return this.tablePrefix;
	}

}
