package dev.jrtc.rtp.stream;

import dev.jrtc.rtp.RtpHeader;
import java.util.Arrays;

/**
 * Turns received RTX packets (RFC 4588 §4) back into the packets of the original stream, in place: the original
 * sequence number (OSN) comes out of the first two payload bytes, the SSRC is the one the RTX SSRC is paired with
 * ({@code a=ssrc-group:FID}, RFC 4588 §8.7, or learned otherwise) and the payload type the one its {@code apt}
 * names (§8.6). Padding-only RTX packets (bandwidth probes) and anything malformed are counted and left alone.
 */
public final class RtxUnwrapper {
    /** What {@link #unwrap} returns for a packet with no original inside (padding or a probe). */
    public static final int PADDING = -1;
    /** What {@link #unwrap} returns for a packet it cannot unwrap (unknown SSRC or payload type, malformed). */
    public static final int INVALID = -2;

    /** RTX SSRC to media SSRC pairs, a few per connection: scanned, so that a lookup allocates nothing. */
    private long[] rtxSsrcs = new long[0];
    private long[] mediaSsrcs = new long[0];
    private final int[] aptByRtxPayloadType = new int[128];
    private long unwrapped;
    private long padding;
    private long invalid;

    public RtxUnwrapper() {
        Arrays.fill(aptByRtxPayloadType, -1);
    }

    /** Packets with {@code rtxSsrc} repair the stream {@code mediaSsrc}. */
    public void addStream(long rtxSsrc, long mediaSsrc) {
        long rtx = rtxSsrc & 0xFFFFFFFFL;
        int i = indexOf(rtx);
        if (i < 0) {
            i = rtxSsrcs.length;
            rtxSsrcs = Arrays.copyOf(rtxSsrcs, i + 1);
            mediaSsrcs = Arrays.copyOf(mediaSsrcs, i + 1);
            rtxSsrcs[i] = rtx;
        }
        mediaSsrcs[i] = mediaSsrc & 0xFFFFFFFFL;
    }

    private int indexOf(long rtxSsrc) {
        for (int i = 0; i < rtxSsrcs.length; i++) if (rtxSsrcs[i] == rtxSsrc) return i;
        return -1;
    }

    /** {@code a=fmtp:<rtxPayloadType> apt=<payloadType>}. */
    public void addPayloadType(int rtxPayloadType, int payloadType) {
        if (rtxPayloadType < 0 || rtxPayloadType > 127 || payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload types must be 0..127: " + rtxPayloadType + " apt " + payloadType);
        }
        aptByRtxPayloadType[rtxPayloadType] = payloadType;
    }

    /** True when {@code ssrc} is a known RTX stream. */
    public boolean isRtx(long ssrc) {
        return indexOf(ssrc) >= 0;
    }

    /** The original stream an RTX SSRC repairs, or -1. */
    public long mediaSsrc(long rtxSsrc) {
        int i = indexOf(rtxSsrc);
        return i < 0 ? -1 : mediaSsrcs[i];
    }

    /**
     * Rewrites the RTX packet {@code b[off, off+len)} into the original packet at the same offset and returns its
     * length, or {@link #PADDING} / {@link #INVALID} (the bytes are then unchanged).
     */
    public int unwrap(byte[] b, int off, int len) {
        int header = RtpHeader.headerLength(b, off, len);
        if (header < 0) {
            invalid++;
            return INVALID;
        }
        long media = mediaSsrc(RtpHeader.ssrc(b, off));
        int apt = aptByRtxPayloadType[RtpHeader.payloadType(b, off)];
        int pad = 0;
        if (RtpHeader.hasPadding(b, off)) {
            pad = b[off + len - 1] & 0xFF;
            if (pad == 0 || header + pad > len) {
                invalid++;
                return INVALID;
            }
        }
        int payload = len - header - pad;
        if (payload < 2) {
            padding++;
            return PADDING;
        }
        if (media < 0 || apt < 0) {
            invalid++;
            return INVALID;
        }
        int osn0 = b[off + header];
        int osn1 = b[off + header + 1];
        long ssrc = media;
        b[off] &= (byte) ~0x20;
        b[off + 1] = (byte) ((b[off + 1] & 0x80) | apt);
        b[off + 2] = (byte) osn0;
        b[off + 3] = (byte) osn1;
        b[off + 8] = (byte) (ssrc >>> 24);
        b[off + 9] = (byte) (ssrc >>> 16);
        b[off + 10] = (byte) (ssrc >>> 8);
        b[off + 11] = (byte) ssrc;
        System.arraycopy(b, off + header + 2, b, off + header, payload - 2);
        unwrapped++;
        return len - pad - 2;
    }

    /** RTX packets turned back into originals. */
    public long unwrapped() { return unwrapped; }

    /** RTX packets without an original inside. */
    public long padding() { return padding; }

    /** RTX packets that could not be unwrapped. */
    public long invalid() { return invalid; }
}
