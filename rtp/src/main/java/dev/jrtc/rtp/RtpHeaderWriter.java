package dev.jrtc.rtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds an RTP header (RFC 3550 §5.1) with CSRCs and RFC 8285 header extensions into a caller's buffer. The
 * one-byte form is used when every element fits it (ids 1..14, 1..16 bytes), the two-byte form otherwise.
 * A writer is reusable: set fields, {@link #write}, change what differs, write again.
 */
public final class RtpHeaderWriter {
    private boolean marker;
    private int payloadType;
    private int sequenceNumber;
    private long timestamp;
    private long ssrc;
    private long[] csrcs = new long[0];
    private final List<Integer> extensionIds = new ArrayList<>();
    private final List<byte[]> extensionData = new ArrayList<>();

    public RtpHeaderWriter marker(boolean m) { marker = m; return this; }

    public RtpHeaderWriter payloadType(int pt) {
        if (pt < 0 || pt > 127) throw new IllegalArgumentException("payload type must be 0..127: " + pt);
        payloadType = pt;
        return this;
    }

    public RtpHeaderWriter sequenceNumber(int seq) { sequenceNumber = seq & 0xFFFF; return this; }
    public RtpHeaderWriter timestamp(long ts) { timestamp = ts & 0xFFFFFFFFL; return this; }
    public RtpHeaderWriter ssrc(long s) { ssrc = s & 0xFFFFFFFFL; return this; }

    public RtpHeaderWriter csrcs(long... list) {
        if (list.length > 15) throw new IllegalArgumentException("at most 15 CSRCs: " + list.length);
        csrcs = list.clone();
        return this;
    }

    /** Adds a header extension element; ids 1..255 (1..14 keeps the one-byte form possible). */
    public RtpHeaderWriter extension(int id, byte[] data) {
        Objects.requireNonNull(data, "data");
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("extension id must be 1..255: " + id);
        }
        if (data.length > 255) throw new IllegalArgumentException("extension element longer than 255 bytes: " + data.length);
        extensionIds.add(id);
        extensionData.add(data.clone());
        return this;
    }

    public RtpHeaderWriter clearExtensions() {
        extensionIds.clear();
        extensionData.clear();
        return this;
    }

    private boolean oneByteForm() {
        for (int i = 0; i < extensionIds.size(); i++) {
            int id = extensionIds.get(i);
            int n = extensionData.get(i).length;
            if (id > 14 || n < 1 || n > 16) return false;
        }
        return true;
    }

    /** The length {@link #write} will produce. */
    public int headerLength() {
        int n = RtpHeader.FIXED_LENGTH + 4 * csrcs.length;
        if (!extensionIds.isEmpty()) {
            int body = 0;
            boolean one = oneByteForm();
            for (byte[] d : extensionData) body += (one ? 1 : 2) + d.length;
            n += 4 + ((body + 3) & ~3);
        }
        return n;
    }

    /** Writes the header at {@code buf[off]}; returns its length. */
    public int write(byte[] buf, int off) {
        int n = headerLength();
        if (off < 0 || buf.length - off < n) {
            throw new IllegalArgumentException("header needs " + n + " bytes, buffer has " + (buf.length - off));
        }
        boolean ext = !extensionIds.isEmpty();
        buf[off] = (byte) (0x80 | (ext ? 0x10 : 0) | csrcs.length);
        buf[off + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        buf[off + 2] = (byte) (sequenceNumber >>> 8);
        buf[off + 3] = (byte) sequenceNumber;
        writeUint32(buf, off + 4, timestamp);
        writeUint32(buf, off + 8, ssrc);
        int at = off + 12;
        for (long c : csrcs) {
            writeUint32(buf, at, c);
            at += 4;
        }
        if (ext) {
            boolean one = oneByteForm();
            int profile = one ? RtpHeaderExtensions.ONE_BYTE_PROFILE : RtpHeaderExtensions.TWO_BYTE_PROFILE;
            int words = (off + n - at - 4) / 4;
            buf[at] = (byte) (profile >>> 8);
            buf[at + 1] = (byte) profile;
            buf[at + 2] = (byte) (words >>> 8);
            buf[at + 3] = (byte) words;
            at += 4;
            for (int i = 0; i < extensionIds.size(); i++) {
                int id = extensionIds.get(i);
                byte[] d = extensionData.get(i);
                if (one) {
                    buf[at++] = (byte) ((id << 4) | (d.length - 1));
                } else {
                    buf[at++] = (byte) id;
                    buf[at++] = (byte) d.length;
                }
                System.arraycopy(d, 0, buf, at, d.length);
                at += d.length;
            }
            while (at < off + n) buf[at++] = 0;
        }
        return n;
    }

    static void writeUint32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
