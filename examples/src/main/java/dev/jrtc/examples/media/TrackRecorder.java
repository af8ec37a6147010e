package dev.jrtc.examples.media;

import dev.jrtc.peerconnection.RtpReceiver;
import dev.jrtc.rtp.RtpHeader;
import dev.jrtc.rtp.TimestampUnwrapper;
import dev.jrtc.rtp.media.AnnexBWriter;
import dev.jrtc.rtp.media.DepacketizeResult;
import dev.jrtc.rtp.media.Depacketizer;
import dev.jrtc.rtp.media.H264Depacketizer;
import dev.jrtc.rtp.media.IvfWriter;
import dev.jrtc.rtp.media.OggOpusWriter;
import dev.jrtc.rtp.media.OpusHead;
import dev.jrtc.rtp.media.OpusPacket;
import dev.jrtc.rtp.media.OpusTags;
import dev.jrtc.rtp.media.OpusDepacketizer;
import dev.jrtc.rtp.media.Vp8Depacketizer;
import dev.jrtc.rtp.stream.JitterBuffer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes one received track to a file: RTP packets go through a {@link JitterBuffer} (reordering, waiting for
 * retransmissions, dropping what never came and asking for a key frame then), its whole frames through the codec's
 * {@link Depacketizer}, and the frames into the file: VP8 into IVF, H.264 into an Annex B stream, Opus into Ogg
 * Opus (RFC 7845). Video starts at the first key frame.
 */
public final class TrackRecorder implements AutoCloseable {
    /** The codecs this recorder writes, as their SDP encoding names. */
    static final List<String> CODECS = List.of("VP8", "H264", "opus");
    /** Pre-skip written to the Ogg Opus header: libopus's encoder delay at 48 kHz (RFC 7845 §4.2). */
    private static final int OPUS_PRE_SKIP = 312;

    private final String codec;
    private final Path file;
    private final RtpReceiver receiver;
    private final OutputStream out;
    private final Depacketizer depacketizer;
    private final JitterBuffer jitter;
    private final TimestampUnwrapper timestamps = new TimestampUnwrapper();
    private long firstTimestamp = -1;
    private IvfWriter ivf;
    private AnnexBWriter annexB;
    private OggOpusWriter ogg;
    private long framesWritten;
    private long lastKeyFrameRequest = System.nanoTime();
    private boolean closed;

    /** @param codec "VP8", "H264" or "opus"; {@code file} is created or replaced */
    TrackRecorder(String codec, Path file, RtpReceiver receiver) throws IOException {
        this.codec = codec;
        this.file = file;
        this.receiver = receiver;
        this.depacketizer = switch (codec) {
            case "VP8" -> new Vp8Depacketizer();
            case "H264" -> new H264Depacketizer();
            case "opus" -> new OpusDepacketizer();
            default -> throw new IllegalArgumentException("cannot record " + codec + "; only " + CODECS);
        };
        // Video frames may wait 200 ms for a NACKed packet; audio is dropped sooner (and never needs a key frame).
        boolean video = !codec.equals("opus");
        this.jitter = new JitterBuffer(video ? 1024 : 64, 1500, video ? 200_000_000L : 60_000_000L, 1_000_000_000L,
                depacketizer::isFrameStart);
        this.out = new BufferedOutputStream(Files.newOutputStream(file));
        if (codec.equals("H264")) annexB = new AnnexBWriter(out);
        if (codec.equals("opus")) {
            ogg = new OggOpusWriter(out, OpusHead.of(2, OPUS_PRE_SKIP, 48000), new OpusTags("jrtc recorder", List.of()),
                    (int) System.nanoTime());
        }
    }

    /** One RTP packet of the track (the connection's callback thread). */
    synchronized void onRtp(byte[] packet) {
        if (closed) return;
        long now = System.nanoTime();
        jitter.handlePacket(now, packet, 0, packet.length);
        try {
            for (JitterBuffer.Frame f; (f = jitter.pollFrame(now)) != null; ) depacketize(f);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
        // A frame that could not be completed leaves the decoder (and the file) without a reference: RFC 4585 §6.3.1.
        if (jitter.pollKeyFrameRequest(now)) receiver.requestKeyFrame();
        // Video starts with a key frame; the browser's first one may have come before keys or listeners were ready.
        if (framesWritten == 0 && !codec.equals("opus") && now - lastKeyFrameRequest >= 1_000_000_000L) {
            lastKeyFrameRequest = now;
            receiver.requestKeyFrame();
        }
    }

    private void depacketize(JitterBuffer.Frame f) throws IOException {
        for (int i = 0; i < f.packetCount(); i++) {
            byte[] p = f.packet(i);
            DepacketizeResult r = depacketizer.handlePayload(RtpHeader.sequenceNumber(p, 0), f.rtpTimestamp(),
                    RtpHeader.marker(p, 0), p, f.payloadOffset(i), f.payloadLength(i));
            if (r == DepacketizeResult.FRAME_COMPLETE) write();
        }
    }

    private void write() throws IOException {
        byte[] frame = depacketizer.frameBuffer();
        int length = depacketizer.frameLength();
        long timestamp = timestamps.unwrap(depacketizer.frameTimestamp());
        if (firstTimestamp < 0) firstTimestamp = timestamp;
        long since = Math.max(0, timestamp - firstTimestamp);
        switch (codec) {
            case "VP8" -> {
                if (ivf == null) {
                    // RFC 6386 §9.1: a key frame's header holds the size: start code 9d 01 2a, then 14-bit width, height.
                    if (length < 10) return;
                    int width = ((frame[6] & 0xFF) | (frame[7] & 0xFF) << 8) & 0x3FFF;
                    int height = ((frame[8] & 0xFF) | (frame[9] & 0xFF) << 8) & 0x3FFF;
                    ivf = new IvfWriter(out, "VP80", width, height, 90000, 1, 0); // pts in 90 kHz RTP units
                }
                ivf.writeFrame(frame, 0, length, since);
            }
            case "H264" -> annexB.writeAccessUnit(frame, 0, length);
            default -> {
                int samples = OpusPacket.samples(frame, 0, length);
                if (samples <= 0) return;
                // The granule position counts samples at the end of the packet, pre-skip included (RFC 7845 §4).
                ogg.writePacket(frame, 0, length, OPUS_PRE_SKIP + since + samples);
            }
        }
        framesWritten++;
    }

    /** Frames written to the file so far. */
    public synchronized long framesWritten() {
        return framesWritten;
    }

    /** Frames the jitter buffer dropped as incomplete. */
    public synchronized long framesDropped() {
        return jitter.framesDropped();
    }

    public Path file() {
        return file;
    }

    public String codec() {
        return codec;
    }

    /** Ends the file (the Ogg end-of-stream page) and closes it. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        try (out) {
            if (ogg != null) ogg.finish();
        }
    }
}
