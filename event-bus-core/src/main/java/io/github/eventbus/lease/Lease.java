package io.github.eventbus.lease;

import java.time.Instant;

/**
 * One grant of a named lease.
 *
 * @param name what the lease is for, for example an observer id
 * @param owner the instance holding it
 * @param token a fencing token, increased by every acquisition: writes guarded by a lease check the token,
 * so a former owner that has not noticed its loss cannot write
 * @param expiresAt when the lease ends unless renewed
 */
public record Lease(String name, String owner, long token, Instant expiresAt) {

	/** Whether the lease has ended at {@code now}. */
	public boolean isExpiredAt(Instant now) {
		return !this.expiresAt.isAfter(now);
	}

}
