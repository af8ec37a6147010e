package dev.jrtc.rtp.media;

import dev.jrtc.rtp.RtpHeaderWriter;
import java.util.Objects;

/**
 * Makes whole RTP packets (RFC 3550 §5.1) of a frame: a {@link Packetizer}'s payloads behind headers from a
 * {@link RtpHeaderWriter}, numbered from a first sequence number, all with the frame's timestamp and the
 * packetizer's marker. Every packet is built in one reused buffer, so nothing is allocated per packet.
 *
 * <p>Ownership: the sink sees {@code packet[0, length)} of a buffer this object owns, valid only during the call
 * (copy it, or send it before returning). The header writer is the caller's; this object sets its marker, sequence
 * number and timestamp on every packet. Not thread-safe: one per stream.
 */
public final class RtpPacketizer {
    /** Receives one RTP packet, valid during the call only. */
    @FunctionalInterface
    public interface PacketSink {
        void accept(byte[] packet, int length);
    }

    private final Packetizer packetizer;
    private final RtpHeaderWriter header;
    private final byte[] packet;
    private int sequence;

    /**
     * @param firstSequence the first sequence number (RFC 3550 §5.1 suggests a random one)
     */
    public RtpPacketizer(Packetizer packetizer, RtpHeaderWriter header, int firstSequence) {
        this.packetizer = Objects.requireNonNull(packetizer, "packetizer");
        this.header = Objects.requireNonNull(header, "header");
        this.packet = new byte[header.headerLength() + packetizer.maxPayloadSize()];
        this.sequence = firstSequence & 0xFFFF;
    }

    /**
     * Hands {@code sink} the frame's RTP packets in order.
     *
     * @return how many packets the frame took
     * @throws IllegalArgumentException when the packetizer refuses the frame
     * @throws IllegalStateException    when the header writer grew (extensions added) past the room reserved
     */
    public int packetize(byte[] frame, int offset, int length, long rtpTimestamp, PacketSink sink) {
        Objects.requireNonNull(sink, "sink");
        int headerLength = header.headerLength();
        if (headerLength + packetizer.maxPayloadSize() > packet.length) {
            throw new IllegalStateException("the RTP header grew to " + headerLength + " bytes after this packetizer was made");
        }
        packetizer.beginFrame(frame, offset, length);
        int packets = 0;
        while (packetizer.hasNextPayload()) {
            int n = packetizer.nextPayload(packet, headerLength);
            header.marker(packetizer.marker()).sequenceNumber(sequence).timestamp(rtpTimestamp).write(packet, 0);
            sequence = (sequence + 1) & 0xFFFF;
            packets++;
            sink.accept(packet, headerLength + n);
        }
        return packets;
    }

    /** The sequence number the next packet gets. */
    public int nextSequence() {
        return sequence;
    }
}
