package dev.jrtc.rtp.stream;

import dev.jrtc.rtp.RtpHeader;
import dev.jrtc.rtp.rtcp.GenericNack;
import java.util.Arrays;
import java.util.List;

/**
 * Answers generic NACKs (RFC 4585 §6.2.1) from a {@link SendHistory}: as RTX packets (RFC 4588 §4) on the
 * retransmission SSRC and payload type when RTX was negotiated, or as the original packet again otherwise. A
 * token bucket bounds the retransmission rate, and a packet is not resent twice within one round trip. Requests
 * over the budget are dropped (the receiver asks again one RTT later), as are requests for packets no longer kept.
 *
 * <pre>
 * RTX packet (RFC 4588 §4): the original header with SSRC, payload type and sequence number of the RTX stream
 * | RTP header (RTX SSRC, RTX PT, RTX seq, original timestamp, marker, CSRCs, extensions) | OSN (16) | original payload |
 * </pre>
 * Sans-IO: {@link #handleNack} queues, {@link #pollRetransmission} writes the next packet into the caller's buffer.
 */
public final class Retransmitter {
    private final SendHistory history;
    private final long rtxSsrc;
    /** RTX payload type by original payload type (RFC 4588 §8.6 apt), -1 when none. */
    private final int[] rtxPayloadTypes = new int[128];
    private final int[] queue;
    private int head;
    private int size;
    private int rtxSequence;
    private long bitsPerSecond;
    private long bucketBytes;
    private long tokens;
    private long tokensAt;
    private boolean clockStarted;
    private long minIntervalNanos;

    private long requested;
    private long sent;
    private long bytesSent;
    private long notInHistory;
    private long tooSoon;
    private long rateLimited;
    private long queueFull;

    /**
     * @param rtxSsrc the SSRC of the RTX stream (RFC 4588 §8.7 {@code a=ssrc-group:FID}), or -1 to retransmit the
     *                original packets as they were
     * @param initialRtxSequence the first RTX sequence number (random, RFC 3550 §5.1)
     */
    public Retransmitter(SendHistory history, long rtxSsrc, int initialRtxSequence, long bitsPerSecond) {
        this.history = history;
        this.rtxSsrc = rtxSsrc < 0 ? -1 : rtxSsrc & 0xFFFFFFFFL;
        this.rtxSequence = initialRtxSequence & 0xFFFF;
        this.queue = new int[1024];
        Arrays.fill(rtxPayloadTypes, -1);
        this.minIntervalNanos = 100_000_000L;
        setMaxBitrate(bitsPerSecond);
        this.tokens = bucketBytes;
    }

    /** Retransmissions of {@code payloadType} go out as {@code rtxPayloadType} (SDP {@code a=fmtp:<rtx> apt=<pt>}). */
    public void mapPayloadType(int payloadType, int rtxPayloadType) {
        if (payloadType < 0 || payloadType > 127 || rtxPayloadType < 0 || rtxPayloadType > 127) {
            throw new IllegalArgumentException("payload types must be 0..127: " + payloadType + " -> " + rtxPayloadType);
        }
        rtxPayloadTypes[payloadType] = rtxPayloadType;
    }

    /** The retransmission budget; the bucket holds a quarter second of it. */
    public void setMaxBitrate(long bitsPerSecond) {
        if (bitsPerSecond <= 0) throw new IllegalArgumentException("bitsPerSecond must be > 0: " + bitsPerSecond);
        this.bitsPerSecond = bitsPerSecond;
        this.bucketBytes = Math.max(1500, bitsPerSecond / 8 / 4);
        this.tokens = Math.min(tokens, bucketBytes);
    }

    /** The round-trip time: a packet is resent at most once per RTT, since an earlier copy may still be on its way. */
    public void handleRoundTripTime(long nanos) {
        if (nanos > 0) minIntervalNanos = nanos;
    }

    /** Queues the packets a NACK asks for. */
    public void handleNack(long nowNanos, GenericNack nack) {
        List<Integer> lost = nack.lostSequenceNumbers();
        for (int i = 0; i < lost.size(); i++) handleNack(nowNanos, lost.get(i));
    }

    /** Queues one requested sequence number. */
    public void handleNack(long nowNanos, int sequenceNumber) {
        requested++;
        if (size == queue.length) {
            queueFull++;
            return;
        }
        queue[(head + size++) % queue.length] = sequenceNumber & 0xFFFF;
    }

    /** True while requests wait for {@link #pollRetransmission}. */
    public boolean hasPending() {
        return size > 0;
    }

    /**
     * Writes the next retransmission into {@code out} at {@code off} and returns its length, or 0 when nothing is
     * left to send now. {@code out} needs room for the largest stored packet plus 2 bytes.
     */
    public int pollRetransmission(long nowNanos, byte[] out, int off) {
        refill(nowNanos);
        while (size > 0) {
            int seq = queue[head];
            head = (head + 1) % queue.length;
            size--;
            int slot = history.find(nowNanos, seq);
            if (slot < 0) {
                notInHistory++;
                continue;
            }
            long last = history.retransmittedAt(slot);
            if (last != Long.MIN_VALUE && nowNanos - last < minIntervalNanos) {
                tooSoon++;
                continue;
            }
            byte[] p = history.packet(slot);
            int len = history.length(slot);
            int outLen = rtxSsrc >= 0 ? len + 2 : len;
            if (tokens < outLen) {
                rateLimited++;
                continue;
            }
            int n = rtxSsrc >= 0 ? writeRtx(p, len, out, off) : copy(p, len, out, off);
            if (n <= 0) {
                notInHistory++;
                continue;
            }
            tokens -= n;
            history.markRetransmitted(slot, nowNanos);
            sent++;
            bytesSent += n;
            return n;
        }
        return 0;
    }

    private void refill(long nowNanos) {
        if (!clockStarted) {
            clockStarted = true;
            tokensAt = nowNanos;
        }
        long elapsed = nowNanos - tokensAt;
        if (elapsed <= 0) return;
        long add = elapsed * bitsPerSecond / 8 / 1_000_000_000L;
        if (add > 0) {
            tokens = Math.min(bucketBytes, tokens + add);
            tokensAt = nowNanos;
        }
    }

    private static int copy(byte[] p, int len, byte[] out, int off) {
        System.arraycopy(p, 0, out, off, len);
        return len;
    }

    /** RFC 4588 §4: same header but SSRC, PT, seq; the OSN before the original payload; original padding left out. */
    private int writeRtx(byte[] p, int len, byte[] out, int off) {
        int header = RtpHeader.headerLength(p, 0, len);
        int pt = rtxPayloadTypes[RtpHeader.payloadType(p, 0)];
        if (header < 0 || pt < 0) return 0;
        int padding = RtpHeader.hasPadding(p, 0) ? p[len - 1] & 0xFF : 0;
        int payload = len - header - padding;
        if (payload < 0) return 0;
        System.arraycopy(p, 0, out, off, header);
        out[off] &= (byte) ~0x20;
        out[off + 1] = (byte) ((p[1] & 0x80) | pt);
        out[off + 2] = (byte) (rtxSequence >>> 8);
        out[off + 3] = (byte) rtxSequence;
        out[off + 8] = (byte) (rtxSsrc >>> 24);
        out[off + 9] = (byte) (rtxSsrc >>> 16);
        out[off + 10] = (byte) (rtxSsrc >>> 8);
        out[off + 11] = (byte) rtxSsrc;
        out[off + header] = p[2];
        out[off + header + 1] = p[3];
        System.arraycopy(p, header, out, off + header + 2, payload);
        rtxSequence = (rtxSequence + 1) & 0xFFFF;
        return header + 2 + payload;
    }

    /** Sequence numbers asked for. */
    public long requested() { return requested; }

    /** Retransmissions written. */
    public long sent() { return sent; }

    /** Bytes of the retransmissions written, headers included. */
    public long bytesSent() { return bytesSent; }

    /** Requests for packets no longer (or never) in the history. */
    public long notInHistory() { return notInHistory; }

    /** Requests for a packet resent less than one RTT before. */
    public long tooSoon() { return tooSoon; }

    /** Requests dropped because the budget was spent. */
    public long rateLimited() { return rateLimited; }

    /** Requests dropped because the queue was full. */
    public long queueFull() { return queueFull; }
}
