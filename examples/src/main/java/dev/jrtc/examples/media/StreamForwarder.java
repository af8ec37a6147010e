package dev.jrtc.examples.media;

import dev.jrtc.peerconnection.MediaStreamTrack;
import dev.jrtc.rtp.RtpHeaderWriter;
import dev.jrtc.rtp.RtpPacket;
import dev.jrtc.rtp.RtpParseStatus;
import dev.jrtc.rtp.media.Vp8Depacketizer;
import java.util.function.Consumer;

/**
 * Forwards received RTP to a local track as one continuous stream, what a media server does for each receiver: the
 * packets of the selected source (a simulcast layer, or the only stream) go out with the header rewritten so that
 * sequence numbers, timestamps and VP8 picture IDs (RFC 7741 §4.2) continue across a change of source; a change
 * waits for a key frame of the new source, since the receiver's decoder cannot start anywhere else. Header
 * extensions are left out (they name the publisher's mid and rid) and the sender adds its own; SSRC and payload type
 * are the sending connection's (the {@link dev.jrtc.peerconnection.RtpSender} writes them).
 */
public final class StreamForwarder {
    /** Where forwarded packets go: {@link MediaStreamTrack#writeRtp} of a local track, as a method reference. */
    @FunctionalInterface
    public interface RtpSink {
        /** Takes {@code packet[off, off+len)}, valid only during the call. */
        void write(byte[] packet, int off, int len);
    }

    private final RtpSink output;
    private final boolean vp8;
    private final Consumer<String> keyFrameRequester;
    private long lastKeyFrameRequest = Long.MIN_VALUE;
    private final Vp8Depacketizer vp8Payloads = new Vp8Depacketizer(); // only its stateless key frame test
    private final RtpPacket in = new RtpPacket();
    private final RtpHeaderWriter header = new RtpHeaderWriter();
    private final byte[] out = new byte[1500];

    private String selected;
    private String current;
    private boolean started;
    // Added to the current source's values to continue the output stream.
    private int sequenceOffset;
    private long timestampOffset;
    private int pictureIdOffset;
    private int tl0Offset;
    // The last packet sent: its output values and when.
    private int lastSequence;
    private long lastTimestamp;
    private int lastPictureId;
    private int lastTl0;
    private long lastSentNanos;
    private long packetsForwarded;
    private long switches;

    /**
     * @param output where the packets go, e.g. {@code track::writeRtp} of a local track
     * @param vp8    whether the payloads are VP8 (then picture IDs are rewritten and key frames are recognized);
     *               otherwise every packet counts as a place to start, which is right for audio
     * @param keyFrameRequester asks the publisher for a key frame of a source (RTCP PLI); called, at most once a
     *                          second, while a selected source's packets arrive and none starts a key frame
     */
    public StreamForwarder(RtpSink output, boolean vp8, String initialSource, Consumer<String> keyFrameRequester) {
        this.output = output;
        this.vp8 = vp8;
        this.keyFrameRequester = keyFrameRequester;
        this.selected = initialSource;
    }

    /** Forwards {@code source} from its next key frame on (until then the current source goes on). */
    public synchronized void select(String source) {
        selected = source;
    }

    public synchronized String selected() {
        return selected;
    }

    /** The source being forwarded, or null before its first key frame. */
    public synchronized String current() {
        return current;
    }

    public synchronized long packetsForwarded() {
        return packetsForwarded;
    }

    /** Changes of source made so far (the first start included). */
    public synchronized long switches() {
        return switches;
    }

    /**
     * One packet of {@code source}; forwarded when it belongs to the current source, or starts a key frame of the
     * selected one. Returns whether it went out.
     */
    public synchronized boolean forward(String source, byte[] packet) {
        if (in.wrap(packet, 0, packet.length) != RtpParseStatus.OK || in.payloadLength() == 0) return false; // padding
        if (!source.equals(current)) {
            if (!source.equals(selected)) return false;
            if (!startsKeyFrame()) {
                // The key frame the switch waits for may have been sent before anyone listened, or lost: ask again.
                long now = System.nanoTime();
                if (now - lastKeyFrameRequest >= 1_000_000_000L || lastKeyFrameRequest == Long.MIN_VALUE) {
                    lastKeyFrameRequest = now;
                    keyFrameRequester.accept(source);
                }
                return false;
            }
            switchTo(source);
        }
        int sequence = (in.sequenceNumber() + sequenceOffset) & 0xFFFF;
        long timestamp = (in.timestamp() + timestampOffset) & 0xFFFFFFFFL;
        int n = header.marker(in.marker()).payloadType(in.payloadType()).sequenceNumber(sequence).timestamp(timestamp)
                .write(out, 0);
        if (n + in.payloadLength() > out.length) return false;
        System.arraycopy(packet, in.payloadOffset(), out, n, in.payloadLength());
        if (vp8) rewritePictureId(out, n, in.payloadLength());
        // Only a packet newer than the last sent moves the continuation point (retransmissions come late).
        if (((sequence - lastSequence) & 0xFFFF) < 0x8000 || packetsForwarded == 0) {
            lastSequence = sequence;
            lastTimestamp = timestamp;
            lastSentNanos = System.nanoTime();
        }
        packetsForwarded++;
        output.write(out, 0, n + in.payloadLength());
        return true;
    }

    private boolean startsKeyFrame() {
        if (!vp8) return true;
        byte[] b = in.buffer();
        return vp8Payloads.isFrameStart(b, in.payloadOffset(), in.payloadLength())
                && vp8Payloads.isKeyFrame(b, in.payloadOffset(), in.payloadLength());
    }

    /** Continues the output from the packet in {@link #in}, the first of the new source. */
    private void switchTo(String source) {
        if (started) {
            sequenceOffset = (lastSequence + 1 - in.sequenceNumber()) & 0xFFFF;
            // The new source's clock has its own random start (RFC 3550 §5.1): continue from ours by the time passed.
            long elapsed = Math.max(1, (System.nanoTime() - lastSentNanos) * 90 / 1_000_000);
            timestampOffset = (lastTimestamp + elapsed - in.timestamp()) & 0xFFFFFFFFL;
        }
        started = true;
        current = source;
        switches++;
        if (vp8) {
            int[] ids = vp8Ids(in.buffer(), in.payloadOffset(), in.payloadLength());
            if (ids[0] >= 0) pictureIdOffset = switches == 1 ? 0 : (lastPictureId + 1 - ids[0]) & 0x7FFF;
            if (ids[1] >= 0) tl0Offset = switches == 1 ? 0 : (lastTl0 + 1 - ids[1]) & 0xFF;
        }
    }

    /** Rewrites the VP8 payload descriptor's picture ID and TL0PICIDX in place (RFC 7741 §4.2). */
    private void rewritePictureId(byte[] b, int off, int len) {
        int[] ids = vp8Ids(b, off, len);
        if (ids[0] >= 0) {
            int at = ids[2];
            if ((b[at] & 0x80) != 0) { // M: 15 bits
                int id = (ids[0] + pictureIdOffset) & 0x7FFF;
                b[at] = (byte) (0x80 | id >>> 8);
                b[at + 1] = (byte) id;
                lastPictureId = id;
            } else {
                int id = (ids[0] + pictureIdOffset) & 0x7F;
                b[at] = (byte) id;
                lastPictureId = id;
            }
        }
        if (ids[1] >= 0) {
            int tl0 = (ids[1] + tl0Offset) & 0xFF;
            b[ids[3]] = (byte) tl0;
            lastTl0 = tl0;
        }
    }

    /** {picture ID or -1, TL0PICIDX or -1, offset of the picture ID, offset of TL0PICIDX} of a VP8 payload. */
    private static int[] vp8Ids(byte[] b, int off, int len) {
        int[] r = {-1, -1, -1, -1};
        if (len < 2 || (b[off] & 0x80) == 0) return r; // no X: no extensions
        int x = b[off + 1] & 0xFF;
        int at = off + 2;
        if ((x & 0x80) != 0) { // I
            if (at >= off + len) return r;
            boolean m = (b[at] & 0x80) != 0;
            if (m && at + 1 >= off + len) return r;
            r[0] = m ? ((b[at] & 0x7F) << 8) | (b[at + 1] & 0xFF) : b[at] & 0x7F;
            r[2] = at;
            at += m ? 2 : 1;
        }
        if ((x & 0x40) != 0 && at < off + len) { // L
            r[1] = b[at] & 0xFF;
            r[3] = at;
        }
        return r;
    }
}
