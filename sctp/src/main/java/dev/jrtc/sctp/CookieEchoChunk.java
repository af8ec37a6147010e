package dev.jrtc.sctp;

import java.util.Arrays;

/** COOKIE ECHO (RFC 9260 §3.3.11): the state cookie from the INIT ACK, returned as is. */
record CookieEchoChunk(byte[] cookie) implements SctpChunk {
    @Override
    public int type() {
        return COOKIE_ECHO;
    }

    @Override
    public void writeTo(ChunkOut out) {
        out.beginChunk(COOKIE_ECHO, 0);
        out.bytes(cookie);
        out.endChunk();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CookieEchoChunk c && Arrays.equals(c.cookie, cookie);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cookie);
    }
}
