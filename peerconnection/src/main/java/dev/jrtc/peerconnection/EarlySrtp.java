package dev.jrtc.peerconnection;

import java.util.ArrayDeque;

/**
 * SRTP and SRTCP packets that arrive before our side of the DTLS handshake has produced the keys to open them
 * (RFC 5764 §4.1), kept in arrival order to be unprotected once it has.
 *
 * <p>The peer may send media as soon as its own handshake is done, which can be before ours: a DTLS server has
 * finished once it has sent its Finished, while the client still has to receive and check that Finished, and ours
 * does that on a handshake worker. Chromium's first packets (once a key frame a video then waited on) used to be
 * dropped in that gap. The wait is bounded in packets ({@value #MAX_PACKETS}), bytes ({@value #MAX_BYTES}) and
 * time ({@link #MAX_AGE_NANOS}: packets older than that are late media, and the keys normally follow within
 * milliseconds), so a peer, or anyone sending from its address, cannot make a connection hold more.
 *
 * <p>Only the connection's event loop uses an instance. Returns what it drops so the caller can count it.
 */
final class EarlySrtp {
    static final int MAX_PACKETS = 64;
    static final int MAX_BYTES = 128 * 1024;
    static final long MAX_AGE_NANOS = 200_000_000L;

    private record Held(long arrivalNanos, byte[] packet) {}

    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private int bytes;

    /**
     * Holds {@code packet} (which the caller hands over) received at {@code nowNanos}; false, and the packet is not
     * kept, when the bounds leave no room for it. Call {@link #expire} first.
     */
    boolean offer(long nowNanos, byte[] packet) {
        if (held.size() >= MAX_PACKETS || bytes + packet.length > MAX_BYTES) {
            return false;
        }
        held.add(new Held(nowNanos, packet));
        bytes += packet.length;
        return true;
    }

    /** Drops the packets held longer than {@link #MAX_AGE_NANOS} at {@code nowNanos}; returns how many. */
    int expire(long nowNanos) {
        int n = 0;
        for (Held h = held.peek(); h != null && nowNanos - h.arrivalNanos > MAX_AGE_NANOS; h = held.peek()) {
            remove();
            n++;
        }
        return n;
    }

    /** The oldest packet held, or null. */
    byte[] poll() {
        return held.isEmpty() ? null : remove();
    }

    /** Drops every packet held (the keys will not come); returns how many. */
    int clear() {
        int n = held.size();
        held.clear();
        bytes = 0;
        return n;
    }

    int size() {
        return held.size();
    }

    private byte[] remove() {
        byte[] p = held.remove().packet;
        bytes -= p.length;
        return p;
    }
}
