package dev.jrtc.examples.media;

import dev.jrtc.peerconnection.sdp.CodecCapability;
import dev.jrtc.rtp.media.AnnexBReader;
import dev.jrtc.rtp.media.Av1Packetizer;
import dev.jrtc.rtp.media.H264Packetizer;
import dev.jrtc.rtp.media.IvfFrame;
import dev.jrtc.rtp.media.IvfReader;
import dev.jrtc.rtp.media.OggOpusPacket;
import dev.jrtc.rtp.media.OggOpusReader;
import dev.jrtc.rtp.media.OpusPacket;
import dev.jrtc.rtp.media.OpusPacketizer;
import dev.jrtc.rtp.media.Packetizer;
import dev.jrtc.rtp.media.Vp8Packetizer;
import dev.jrtc.rtp.media.Vp9Packetizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A media file read into memory as timed frames: IVF (VP8, VP9 or AV1), an H.264 Annex B byte stream (which has no
 * timestamps, so a frame rate is given) or Ogg Opus. It knows the codec to negotiate and makes the packetizer for it.
 *
 * @param kind      "audio" or "video"
 * @param codec     what to put in the SDP answer
 * @param frames    the frames in order, each with its RTP timestamp from the file's start
 * @param duration  the file's length in RTP clock units (where a second play-through starts)
 */
public record MediaFile(String name, String kind, CodecCapability codec, List<Frame> frames, long duration) {
    /** One encoded frame (an Opus packet, a VP8/VP9 frame, an AV1 temporal unit, an H.264 access unit). */
    public record Frame(long rtpTimestamp, byte[] data) {}

    /** Payloads stay at or under this many bytes, so packets with SRTP and header extensions fit a 1200-byte MTU. */
    private static final int MAX_PAYLOAD = 1100;

    /** Reads {@code path}; {@code annexBFramesPerSecond} times an H.264 file's access units. */
    public static MediaFile read(Path path, int annexBFramesPerSecond) throws IOException {
        String name = path.getFileName().toString();
        return read(name, Files.newInputStream(path), annexBFramesPerSecond);
    }

    /** Reads a file's bytes; the kind of file comes from the name's extension (.ivf, .h264/.264, .ogg/.opus). */
    public static MediaFile read(String name, InputStream in, int annexBFramesPerSecond) throws IOException {
        byte[] bytes;
        try (in) {
            bytes = in.readAllBytes();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".ivf")) return ivf(name, bytes);
        if (lower.endsWith(".h264") || lower.endsWith(".264")) return annexB(name, bytes, annexBFramesPerSecond);
        if (lower.endsWith(".ogg") || lower.endsWith(".opus")) return oggOpus(name, bytes);
        throw new IllegalArgumentException(name + ": expected .ivf (VP8/VP9/AV1), .h264 (Annex B) or .ogg/.opus (Ogg Opus)");
    }

    private static MediaFile ivf(String name, byte[] bytes) throws IOException {
        IvfReader reader = new IvfReader(new ByteArrayInputStream(bytes));
        CodecCapability codec = switch (reader.fourcc()) {
            case "VP80" -> CodecCapability.vp8();
            case "VP90" -> CodecCapability.vp9();
            case "AV01" -> CodecCapability.av1();
            default -> throw new IllegalArgumentException(name + ": IVF with " + reader.fourcc() + ", not VP80, VP90 or AV01");
        };
        List<Frame> frames = new ArrayList<>();
        for (IvfFrame f = reader.next(); f != null; f = reader.next()) {
            frames.add(new Frame(reader.rtpTimestamp(f.pts(), 90000), f.data()));
        }
        return video(name, codec, frames);
    }

    private static MediaFile annexB(String name, byte[] bytes, int fps) throws IOException {
        if (fps <= 0 || fps > 240) throw new IllegalArgumentException("frames per second must be 1..240, was " + fps);
        AnnexBReader reader = new AnnexBReader(new ByteArrayInputStream(bytes));
        List<Frame> frames = new ArrayList<>();
        for (byte[] au = reader.nextAccessUnit(); au != null; au = reader.nextAccessUnit()) {
            frames.add(new Frame(frames.size() * 90000L / fps, au));
        }
        return video(name, CodecCapability.h264ConstrainedBaseline(), frames);
    }

    private static MediaFile video(String name, CodecCapability codec, List<Frame> frames) {
        if (frames.isEmpty()) throw new IllegalArgumentException(name + " has no frames");
        long last = frames.get(frames.size() - 1).rtpTimestamp();
        long step = frames.size() > 1 ? last / (frames.size() - 1) : 3000;
        return new MediaFile(name, "video", codec, frames, last + Math.max(1, step));
    }

    private static MediaFile oggOpus(String name, byte[] bytes) throws IOException {
        OggOpusReader reader = new OggOpusReader(new ByteArrayInputStream(bytes));
        List<Frame> frames = new ArrayList<>();
        long at = 0;
        for (OggOpusPacket p = reader.next(); p != null; p = reader.next()) {
            int samples = OpusPacket.samples(p.data(), 0, p.data().length);
            if (samples <= 0) continue; // not an Opus packet: nothing a receiver could play
            frames.add(new Frame(at, p.data()));
            at += samples; // RFC 7587 §4.1: the RTP clock of Opus is 48 kHz whatever the audio bandwidth
        }
        if (frames.isEmpty()) throw new IllegalArgumentException(name + " has no Opus packets");
        return new MediaFile(name, "audio", CodecCapability.opus(), frames, at);
    }

    /** The RTP clock rate: 48000 for Opus, 90000 for video. */
    public int clockRate() {
        return codec.clockRate();
    }

    /** A new packetizer for this file's codec (one per stream). */
    public Packetizer newPacketizer() {
        int pictureId = ThreadLocalRandom.current().nextInt(1 << 15);
        return switch (codec.name()) {
            case "VP8" -> new Vp8Packetizer(MAX_PAYLOAD, pictureId);
            case "VP9" -> new Vp9Packetizer(MAX_PAYLOAD, pictureId);
            case "AV1" -> new Av1Packetizer(MAX_PAYLOAD);
            case "H264" -> new H264Packetizer(MAX_PAYLOAD);
            case "opus" -> new OpusPacketizer(MAX_PAYLOAD);
            default -> throw new IllegalStateException("no packetizer for " + codec.name());
        };
    }
}
