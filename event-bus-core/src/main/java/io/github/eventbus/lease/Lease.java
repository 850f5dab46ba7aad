package io.github.eventbus.lease;

import java.time.Instant;

/**
 * One grant of a named lease.
 *
 * @param name what the lease is for, for example an observer id
 * @param owner the instance holding it
 * @param token a fencing token, increased by every acquisition: writes guarded by a lease check the token,
 * so a former owner that has not noticed its loss cannot write
 * @param expiresAt when the lease ends unless renewed, by the {@link LeaseStore}'s clock (the database's
 * for a table): compare it with that clock only, never with an instance's own
 */
public record Lease(String name, String owner, long token, Instant expiresAt) {

	/** Whether this is the same grant as {@code other}: same name, owner and token. */
	public boolean sameGrant(Lease other) {
		return this.token == other.token && this.owner.equals(other.owner) && this.name.equals(other.name);
	}

}
