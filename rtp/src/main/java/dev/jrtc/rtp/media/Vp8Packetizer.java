package dev.jrtc.rtp.media;

import dev.jrtc.rtp.RtpHeaderWriter;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Splits VP8 frames into RTP packets (RFC 7741 §4): each packet carries the one-byte payload descriptor (S set on a
 * frame's first packet, partition index 0, no extensions), the marker bit ends the frame (§4.1), and every packet
 * of a frame has its timestamp.
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * |X|R|N|S|R| PID |   X = 0 (no extension), N = 0, S = start of the frame, PID = 0
 * </pre>
 *
 * Not thread-safe: one packetizer per stream, it numbers the packets.
 */
public final class Vp8Packetizer {
    private static final int DESCRIPTOR = 1;
    private static final int START_OF_PARTITION = 0x10;

    private final int maxPacketSize;
    private final RtpHeaderWriter header;
    private int sequence;

    /**
     * @param maxPacketSize largest RTP packet made (header, descriptor and payload), e.g. 1100 so that SRTP, header
     *                      extensions and DTLS-era MTUs of 1200 bytes leave room
     * @param payloadType   the negotiated VP8 payload type (a PeerConnection sender rewrites it anyway)
     * @param ssrc          the stream's SSRC (likewise rewritten by a PeerConnection sender)
     * @param firstSequence the first sequence number (RFC 3550 §5.1 suggests a random one)
     */
    public Vp8Packetizer(int maxPacketSize, int payloadType, long ssrc, int firstSequence) {
        if (maxPacketSize < 12 + DESCRIPTOR + 1 || maxPacketSize > 65535) {
            throw new IllegalArgumentException("maxPacketSize must leave room for a 12-byte header, the descriptor and a byte: " + maxPacketSize);
        }
        this.maxPacketSize = maxPacketSize;
        this.header = new RtpHeaderWriter().payloadType(payloadType).ssrc(ssrc);
        this.sequence = firstSequence & 0xFFFF;
    }

    /**
     * Hands {@code sink} the RTP packets of one frame, in order; the sink owns each array.
     *
     * @return how many packets the frame took
     * @throws IllegalArgumentException for an empty frame
     */
    public int packetize(byte[] frame, long rtpTimestamp, Consumer<byte[]> sink) {
        Objects.requireNonNull(sink, "sink");
        if (frame.length == 0) throw new IllegalArgumentException("a VP8 frame has at least one byte");
        int room = maxPacketSize - header.headerLength() - DESCRIPTOR;
        int packets = 0;
        for (int off = 0; off < frame.length; off += room) {
            int n = Math.min(room, frame.length - off);
            boolean last = off + n == frame.length;
            byte[] p = new byte[header.headerLength() + DESCRIPTOR + n];
            int at = header.marker(last).sequenceNumber(sequence).timestamp(rtpTimestamp).write(p, 0);
            p[at] = (byte) (off == 0 ? START_OF_PARTITION : 0);
            System.arraycopy(frame, off, p, at + DESCRIPTOR, n);
            sequence = (sequence + 1) & 0xFFFF;
            sink.accept(p);
            packets++;
        }
        return packets;
    }

    /** The sequence number the next packet gets. */
    public int nextSequence() {
        return sequence;
    }
}
