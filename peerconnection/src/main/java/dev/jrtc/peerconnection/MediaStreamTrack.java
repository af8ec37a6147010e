package dev.jrtc.peerconnection;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A media track (W3C mediacapture-main §4.3) as a server sees it: a local track is a source of RTP packets the
 * application writes (already encoded and packetized, e.g. Opus frames or VP8 RTP read from a file); a remote
 * track delivers the RTP packets the peer sent, after SRTP (RFC 3711) has been removed.
 */
public final class MediaStreamTrack {
    private final String kind;
    private final String id;
    private final boolean remote;
    private final List<RtpSender> senders = new CopyOnWriteArrayList<>();
    private volatile Consumer<byte[]> rtpListener;
    private volatile boolean ended;

    private MediaStreamTrack(String kind, String id, boolean remote) {
        if (!kind.equals("audio") && !kind.equals("video")) {
            throw new IllegalArgumentException("TypeError: track kind must be audio or video, got '" + kind + "'");
        }
        this.kind = kind;
        this.id = Objects.requireNonNull(id, "id");
        this.remote = remote;
    }

    /** A local audio track the application feeds with RTP packets. */
    public static MediaStreamTrack audio(String id) {
        return new MediaStreamTrack("audio", id, false);
    }

    /** A local video track the application feeds with RTP packets. */
    public static MediaStreamTrack video(String id) {
        return new MediaStreamTrack("video", id, false);
    }

    static MediaStreamTrack remote(String kind, String id) {
        return new MediaStreamTrack(kind, id, true);
    }

    /** "audio" or "video". */
    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }

    /** True for a track received from the peer. */
    public boolean isRemote() {
        return remote;
    }

    /** "live" or "ended". */
    public String readyState() {
        return ended ? "ended" : "live";
    }

    /**
     * Sends one RTP packet (RFC 3550 §5.1) on every sender that carries this track. The sender replaces SSRC and
     * payload type with the negotiated ones and keeps sequence number, timestamp, marker and payload; packets
     * written before the connection is up are dropped and counted. The caller keeps {@code packet}.
     *
     * @throws IllegalStateException on a remote or stopped track
     * @throws IllegalArgumentException when the bytes are not an RTP packet of at least 12 bytes
     */
    public void writeRtp(byte[] packet, int off, int len) {
        if (remote) throw new IllegalStateException("InvalidStateError: cannot write to remote track " + id);
        if (ended) throw new IllegalStateException("InvalidStateError: track " + id + " is stopped");
        Objects.checkFromIndexSize(off, len, packet.length);
        if (len < 12 || (packet[off] & 0xC0) != 0x80) {
            throw new IllegalArgumentException("not an RTP version 2 packet of at least 12 bytes (length " + len + ")");
        }
        for (RtpSender s : senders) s.write(packet, off, len);
    }

    /**
     * Sets the listener of a remote track: it gets each received RTP packet (header and payload, SRTP removed) as
     * an array it owns, on the connection's callback thread, in arrival order.
     */
    public void onRtp(Consumer<byte[]> listener) {
        rtpListener = listener;
    }

    /** Ends the track: a local one stops sending, a remote one stops delivering. */
    public void stop() {
        ended = true;
    }

    void attach(RtpSender sender) {
        senders.add(sender);
    }

    void detach(RtpSender sender) {
        senders.remove(sender);
    }

    void deliver(byte[] packet) {
        Consumer<byte[]> l = rtpListener;
        if (l != null && !ended) l.accept(packet);
    }

    @Override
    public String toString() {
        return (remote ? "remote " : "local ") + kind + " track " + id;
    }
}
