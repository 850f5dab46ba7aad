package io.github.eventbus.durable;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * How a durable observer is split into segments that instances share.
 * <p>
 * An event belongs to segment {@code Segments.of(key, count)} where the key is its stream id (or what the
 * observer's {@link SegmentKey} returns): the CRC-32 (IEEE 802.3, as {@link CRC32} computes it) of the key's
 * UTF-8 bytes, taken modulo {@code count} with {@link Math#floorMod(long, int)}. The function is pinned:
 * it gives the same segment on every JVM and in every version of this library, so that checkpoints stay
 * meaningful across restarts and rolling upgrades.
 * <p>
 * Each segment has its own checkpoint and lease, named {@link #name(String, int, int)}: the observer id
 * itself when there is one segment (so observers created before segments existed keep their rows), else
 * {@code observerId#k/count} with {@code k} from 0.
 */
public final class Segments {

	private static final String SEPARATOR = "#";

	private Segments() {
	}

	/**
	 * The segment of a key.
	 * @param key a stream id (or another {@link SegmentKey})
	 * @param count the number of segments, at least 1
	 * @return the segment, from 0 to {@code count - 1}
	 */
	public static int of(String key, int count) {
		if (count < 1) {
			throw new IllegalArgumentException("count must be positive: " + count);
		}
		if (count == 1) {
			return 0;
		}
		CRC32 crc = new CRC32();
		crc.update(key.getBytes(StandardCharsets.UTF_8));
		return (int) Math.floorMod(crc.getValue(), (long) count);
	}

	/**
	 * The name of a segment's checkpoint and lease.
	 * @param observerId the observer id
	 * @param segment the segment, from 0
	 * @param count the number of segments
	 * @return {@code observerId} when {@code count} is 1, else {@code observerId#segment/count}
	 */
	public static String name(String observerId, int segment, int count) {
		return (count == 1) ? observerId : observerId + SEPARATOR + segment + "/" + count;
	}

	/** Prefix of every lease of a segmented observer: segments, members and resets. */
	static String prefix(String observerId) {
		return observerId + SEPARATOR;
	}

	/** The lease an instance keeps while it runs a segmented observer, so others count it in. */
	static String member(String observerId, String instanceId) {
		return prefix(observerId) + "member:" + instanceId;
	}

	/** The lease held while an observer is reset: every instance pauses it. */
	static String reset(String observerId) {
		return prefix(observerId) + "reset";
	}

	/**
	 * The segment count a checkpoint or lease name of {@code observerId} was taken with.
	 * @return the count, 1 for the plain observer id, -1 for names that are not segments
	 */
	static int countOf(String observerId, String name) {
		if (name.equals(observerId)) {
			return 1;
		}
		String prefix = prefix(observerId);
		if (!name.startsWith(prefix)) {
			return -1;
		}
		String rest = name.substring(prefix.length());
		int slash = rest.indexOf('/');
		if (slash < 1) {
			return -1;
		}
		try {
			Integer.parseInt(rest.substring(0, slash));
			return Integer.parseInt(rest.substring(slash + 1));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
