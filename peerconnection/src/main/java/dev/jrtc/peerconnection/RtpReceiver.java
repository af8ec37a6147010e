package dev.jrtc.peerconnection;

import dev.jrtc.rtp.stream.NackGenerator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RTCRtpReceiver (W3C webrtc §5.3): the remote track of a transceiver and what arrived for it (RFC 3550 §6.4.1).
 *
 * <p>When the peer sends simulcast (RFC 8853: its offer lists {@code a=rid} send streams, which jrtc's answer accepts),
 * every layer is one RTP stream with its own SSRC, told apart by the RtpStreamId header extension (RFC 8852): all
 * layers reach the same track, {@link #rid(long)} names a packet's layer by its SSRC, and each layer has a receiver
 * of its own inside this one for reports, NACK and key frame requests.
 */
public final class RtpReceiver {
    private final MediaStreamTrack track;
    /** The rid of a simulcast layer's receiver, else null. */
    private final String rid;
    private volatile Runnable keyFrameRequester;
    /** The simulcast layers negotiated, by rid in the answer's order; empty without simulcast. */
    private volatile Map<String, RtpReceiver> layers = Map.of();
    /** The layers' receivers, or this one alone: what reports, NACK and stats walk (no allocation per walk). */
    private volatile List<RtpReceiver> streams;
    private final Map<Long, String> ridBySsrc = new ConcurrentHashMap<>();
    // Event loop only; getStats reads them there.
    long ssrc = -1;
    /** A simulcast layer's RTX SSRC once learned from the RepairedRtpStreamId (RFC 8852 §3.2), else -1. */
    long rtxSsrc = -1;
    long packetsReceived;
    long bytesReceived;
    long headerBytesReceived;
    int highestSequence = -1;
    long cycles;
    long baseSequence = -1;
    long expectedPrior;
    long receivedPrior;
    // Event loop only: generic NACK (RFC 4585 §6.2.1) when negotiated, and its counters for getStats.
    boolean nackEnabled;
    NackGenerator nacks;
    long nacksSent;
    long retransmittedPacketsReceived;
    long retransmittedBytesReceived;
    long duplicatesDropped;
    long nacksGivenUpSeen;
    long lastKeyFrameRequestNanos = Long.MIN_VALUE / 2;
    long pliSent;

    RtpReceiver(MediaStreamTrack track) {
        this(track, null);
    }

    private RtpReceiver(MediaStreamTrack track, String rid) {
        this.track = track;
        this.rid = rid;
        this.streams = List.of(this);
    }

    /** The track the peer's packets are delivered to. */
    public MediaStreamTrack track() {
        return track;
    }

    /**
     * Asks the peer for a key frame of this stream with an RTCP PLI (RFC 4585 §6.3.1), e.g. when a decoder starts;
     * ignored until the stream's first packet arrived. With simulcast, of every layer.
     */
    public void requestKeyFrame() {
        for (RtpReceiver layer : layers.values()) layer.requestKeyFrame();
        Runnable r = keyFrameRequester;
        if (r != null) r.run();
    }

    /**
     * Asks for a key frame of the simulcast layer {@code rid} only (a PLI for its SSRC), e.g. before a media server
     * switches a receiver to that layer; ignored until the layer's first packet arrived.
     *
     * @throws IllegalArgumentException when {@code rid} is not a negotiated layer
     */
    public void requestKeyFrame(String rid) {
        RtpReceiver layer = layers.get(rid);
        if (layer == null) throw new IllegalArgumentException("no simulcast layer '" + rid + "'; negotiated: " + rids());
        layer.requestKeyFrame();
    }

    /** The rids of the simulcast layers the answer accepted (RFC 8851), in its order; empty without simulcast. */
    public List<String> rids() {
        return List.copyOf(layers.keySet());
    }

    /** The rid of the simulcast layer the peer sends with {@code ssrc}, or null (not simulcast, or not seen yet). */
    public String rid(long ssrc) {
        return ridBySsrc.get(ssrc);
    }

    /** This receiver's simulcast layer receivers, or this one alone (event loop: reports, NACK, stats). */
    List<RtpReceiver> streams() {
        return streams;
    }

    /** The rid of a layer receiver, else null. */
    String layerRid() {
        return rid;
    }

    /** The receiver of the layer {@code rid}, or null. */
    RtpReceiver layer(String rid) {
        return layers.get(rid);
    }

    boolean simulcast() {
        return !layers.isEmpty();
    }

    /** Sets the negotiated layers (event loop, when an answer is applied); layers already known keep their state. */
    void simulcastLayers(List<String> rids) {
        Map<String, RtpReceiver> next = new LinkedHashMap<>();
        for (String r : rids) {
            RtpReceiver old = layers.get(r);
            RtpReceiver layer = old != null ? old : new RtpReceiver(track, r);
            layer.nackEnabled = nackEnabled;
            next.put(r, layer);
        }
        layers = Collections.unmodifiableMap(next);
        streams = next.isEmpty() ? List.of(this) : List.copyOf(next.values());
    }

    /** Remembers that the layer {@code rid} arrives with {@code ssrc}. */
    void layerSsrc(String rid, long ssrc) {
        ridBySsrc.put(ssrc, rid);
    }

    void keyFrameRequester(Runnable r) {
        keyFrameRequester = r;
    }

    /** The extended highest sequence number received (RFC 3550 §6.4.1). */
    long extendedHighestSequence() {
        return highestSequence < 0 ? 0 : cycles + highestSequence;
    }

    /** Packets expected so far (RFC 3550 A.3). */
    long expected() {
        return baseSequence < 0 ? 0 : extendedHighestSequence() - baseSequence + 1;
    }

    /** Counts a packet and tracks the extended highest sequence number (RFC 3550 A.1, without probation). */
    void count(int sequence, int headerLength, int length) {
        packetsReceived++;
        headerBytesReceived += headerLength;
        bytesReceived += length - headerLength;
        if (highestSequence < 0) {
            highestSequence = sequence;
            baseSequence = sequence;
        } else {
            int delta = (sequence - highestSequence) & 0xFFFF;
            if (delta != 0 && delta < 0x8000) {
                if (sequence < highestSequence) cycles += 0x10000;
                highestSequence = sequence;
            }
        }
    }

    /** Packets expected minus received (RFC 3550 A.3), never negative. */
    long packetsLost() {
        if (baseSequence < 0) return 0;
        return Math.max(0, expected() - packetsReceived);
    }
}
