package dev.jrtc.peerconnection.sdp;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One RTP codec we can send/receive, as offered in SDP (RFC 8866 §6.6 rtpmap, §6.15 fmtp, RFC 4585 rtcp-fb),
 * with an optional RTX payload type (RFC 4588 §8.6, {@code apt=}). channels is 0 when not written.
 */
public record CodecCapability(String kind, String name, int clockRate, int channels, int payloadType, String fmtp,
                              List<String> rtcpFeedback, Integer rtxPayloadType) {
    public CodecCapability {
        Objects.requireNonNull(kind); Objects.requireNonNull(name);
        rtcpFeedback = List.copyOf(rtcpFeedback);
        if (payloadType < 0 || payloadType > 127) throw new IllegalArgumentException("payload type 0..127: " + payloadType);
    }

    private static final List<String> VIDEO_FB = List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");

    public static CodecCapability opus() {
        return new CodecCapability("audio", "opus", 48000, 2, 111, "minptime=10;useinbandfec=1", List.of("transport-cc"), null);
    }

    public static CodecCapability vp8() { return video("VP8", 96, null, 97); }

    public static CodecCapability vp9() { return video("VP9", 98, "profile-id=0", 99); }

    public static CodecCapability h264ConstrainedBaseline() {
        return video("H264", 106, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", 107);
    }

    public static CodecCapability h264Baseline() {
        return video("H264", 102, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f", 103);
    }

    public static CodecCapability av1() { return video("AV1", 45, null, 46); }

    /** The codec set Chrome offers and accepts, with Chrome's payload types. */
    public static List<CodecCapability> chromeDefaults() {
        return List.of(opus(), vp8(), vp9(), h264Baseline(), h264ConstrainedBaseline(), av1());
    }

    private static CodecCapability video(String name, int pt, String fmtp, int rtx) {
        return new CodecCapability("video", name, 90000, 0, pt, fmtp, VIDEO_FB, rtx);
    }

    public CodecCapability withPayloadTypes(int pt, Integer rtxPt) {
        return new CodecCapability(kind, name, clockRate, channels, pt, fmtp, rtcpFeedback, rtxPt);
    }

    public RtpMap rtpMap() { return new RtpMap(payloadType, name, clockRate, channels); }

    /**
     * True when an offered codec is the same codec: same name (case-insensitive), clock rate and channel count, and
     * for H264 the same packetization-mode and profile (RFC 6184 §8.2.2), for VP9 the same profile-id and for AV1
     * the same profile.
     */
    public boolean matches(RtpMap offered, Fmtp offeredFmtp) {
        if (!offered.encodingName().equalsIgnoreCase(name) || offered.clockRate() != clockRate) return false;
        if (Math.max(1, offered.channels()) != Math.max(1, channels)) return false;
        Map<String, String> ours = new Fmtp("0", fmtp == null ? "" : fmtp).parameterMap();
        Map<String, String> theirs = offeredFmtp == null ? Map.of() : offeredFmtp.parameterMap();
        String n = name.toUpperCase(Locale.ROOT);
        if (n.equals("H264")) {
            if (!ours.getOrDefault("packetization-mode", "0").equals(theirs.getOrDefault("packetization-mode", "0"))) return false;
            return profile(ours).equals(profile(theirs));
        }
        if (n.equals("VP9")) {
            return ours.getOrDefault("profile-id", "0").equals(theirs.getOrDefault("profile-id", "0"));
        }
        if (n.equals("AV1")) {
            // AV1 RTP payload format §7.2: profile defaults to 0 (Main).
            return ours.getOrDefault("profile", "0").equals(theirs.getOrDefault("profile", "0"));
        }
        return true;
    }

    /** profile_idc and profile-iop (the first 4 hex digits of profile-level-id; default 42000a per RFC 6184 §8.1). */
    private static String profile(Map<String, String> params) {
        String plid = params.getOrDefault("profile-level-id", "42000a").toLowerCase(Locale.ROOT);
        return plid.length() >= 4 ? plid.substring(0, 4) : plid;
    }
}
