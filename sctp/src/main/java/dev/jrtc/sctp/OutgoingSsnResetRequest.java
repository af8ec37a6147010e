package dev.jrtc.sctp;

import java.util.ArrayList;
import java.util.List;

/**
 * Outgoing SSN Reset Request Parameter (RFC 6525 §4.1): the sender resets its outgoing streams, so the receiver
 * resets the matching incoming ones once it has everything up to the sender's last assigned TSN. An empty stream
 * list means every stream.
 *
 * <pre>
 * | type 13 | length | re-configuration request seq n | re-configuration response seq n | sender's last assigned TSN |
 * | stream number 1 (16) | stream number 2 (16) | ... (padded)
 * </pre>
 */
record OutgoingSsnResetRequest(long requestSequence, long responseSequence, long lastAssignedTsn, List<Integer> streamIds) {
    public OutgoingSsnResetRequest {
        streamIds = List.copyOf(streamIds);
        for (int s : streamIds) {
            if (s < 0 || s > 0xFFFF) throw new IllegalArgumentException("stream id out of range: " + s);
        }
    }

    /** Reads the parameter's value; null when it is malformed (the caller drops and counts it). */
    public static OutgoingSsnResetRequest from(SctpParameter p) {
        byte[] v = p.value();
        if (p.type() != SctpParameter.OUTGOING_SSN_RESET_REQUEST || v.length < 12 || v.length % 2 != 0) return null;
        List<Integer> streams = new ArrayList<>((v.length - 12) / 2);
        for (int i = 12; i < v.length; i += 2) streams.add(((v[i] & 0xFF) << 8) | (v[i + 1] & 0xFF));
        return new OutgoingSsnResetRequest(u32(v, 0), u32(v, 4), u32(v, 8), streams);
    }

    public SctpParameter toParameter() {
        byte[] v = new byte[12 + 2 * streamIds.size()];
        put32(v, 0, requestSequence);
        put32(v, 4, responseSequence);
        put32(v, 8, lastAssignedTsn);
        for (int i = 0; i < streamIds.size(); i++) {
            v[12 + 2 * i] = (byte) (streamIds.get(i) >>> 8);
            v[13 + 2 * i] = (byte) (int) streamIds.get(i);
        }
        return new SctpParameter(SctpParameter.OUTGOING_SSN_RESET_REQUEST, v);
    }

    static long u32(byte[] v, int at) {
        return ((long) (v[at] & 0xFF) << 24) | ((v[at + 1] & 0xFF) << 16) | ((v[at + 2] & 0xFF) << 8) | (v[at + 3] & 0xFF);
    }

    static void put32(byte[] v, int at, long x) {
        v[at] = (byte) (x >>> 24);
        v[at + 1] = (byte) (x >>> 16);
        v[at + 2] = (byte) (x >>> 8);
        v[at + 3] = (byte) x;
    }
}
