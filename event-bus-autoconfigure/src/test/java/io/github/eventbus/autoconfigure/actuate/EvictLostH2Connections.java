package io.github.eventbus.autoconfigure.actuate;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Makes Hikari drop connections to an H2 server that went away. Hikari evicts a connection on SQL state
 * class 08 (PostgreSQL's connection errors); H2 reports a lost server with its own codes, so without this
 * the pool would keep handing out dead connections after the server comes back.
 */
public class EvictLostH2Connections implements SQLExceptionOverride {

	@java.lang.Override
	public SQLExceptionOverride.Override adjudicate(SQLException ex) {
		int code = ex.getErrorCode();
		// 90067 connection broken, 90121 database closed, 90098 database closed by another process
		return (code == 90067 || code == 90121 || code == 90098) ? SQLExceptionOverride.Override.MUST_EVICT
				: SQLExceptionOverride.Override.CONTINUE_EVICT;
	}

}
