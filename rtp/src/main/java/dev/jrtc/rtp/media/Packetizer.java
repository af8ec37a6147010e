package dev.jrtc.rtp.media;

/**
 * Splits one encoded frame into RTP payloads no larger than {@link #maxPayloadSize()} (RFC 3550 §5.1 leaves the
 * payload to the profile; each codec's RFC says how a frame is cut). The caller writes the RTP header in front of
 * each payload, for example with {@link dev.jrtc.rtp.RtpHeaderWriter}, or lets {@link RtpPacketizer} do it.
 *
 * <pre>{@code
 * packetizer.beginFrame(frame, 0, frame.length);
 * while (packetizer.hasNextPayload()) {
 *     int headerLength = header.headerLength();
 *     int n = packetizer.nextPayload(packet, headerLength);       // payload after the header's room
 *     header.marker(packetizer.marker()).sequenceNumber(seq++).timestamp(ts).write(packet, 0);
 *     send(packet, 0, headerLength + n);
 * }
 * }</pre>
 *
 * <p>Ownership: the packetizer keeps a reference to {@code frame} from {@link #beginFrame} until the frame's last
 * payload is taken and reads it meanwhile, so the caller must not change those bytes before then; it keeps no
 * reference to {@code dst}. Packetizers allocate nothing per frame or payload (scratch space is reused). Not
 * thread-safe: one per stream.
 */
public interface Packetizer {
    /** The most bytes {@link #nextPayload} writes. */
    int maxPayloadSize();

    /**
     * Starts a frame in the codec's usual framing (see each class); a frame not yet fully taken is abandoned.
     *
     * @throws IllegalArgumentException when the bytes are not a frame this packetizer can carry (empty, or not
     *                                  parseable in the codec's framing)
     */
    void beginFrame(byte[] frame, int offset, int length);

    /** Whether the current frame has payloads left. */
    boolean hasNextPayload();

    /**
     * Writes the next payload of the frame at {@code dst[offset]}.
     *
     * @return the payload's length, 1..{@link #maxPayloadSize()}
     * @throws IllegalStateException when no payload is left
     * @throws IndexOutOfBoundsException when {@code dst} has less than {@link #maxPayloadSize()} bytes from
     *                                   {@code offset} (checked up front, so nothing is half-written)
     */
    int nextPayload(byte[] dst, int offset);

    /**
     * The RTP marker bit for the payload just written: for video the last payload of a frame (RFC 7741 §4.1, RFC
     * 6184 §5.1, RFC 9628 §4.1, AV1 RTP §7.1); for Opus always false, since there the marker is the first packet of a
     * talkspurt (RFC 3551 §4.1), which only the sender's DTX logic knows.
     */
    boolean marker();
}
