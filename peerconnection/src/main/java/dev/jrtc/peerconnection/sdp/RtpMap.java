package dev.jrtc.peerconnection.sdp;

/** {@code a=rtpmap:<pt> <encoding>/<clock rate>[/<channels>]} (RFC 8866 §6.6). */
public record RtpMap(int payloadType, String encoding, int clockRate, int channels) {
    /** Parses an rtpmap value, or returns null when it is not one. */
    public static RtpMap parse(String value) {
        String[] s = value.trim().split("\\s+", 2);
        if (s.length != 2) return null;
        String[] e = s[1].split("/");
        try {
            int pt = Integer.parseInt(s[0]);
            if (pt < 0 || pt > 127 || e.length < 2) return null;
            return new RtpMap(pt, e[0], Integer.parseInt(e[1]), e.length > 2 ? Integer.parseInt(e[2]) : 1);
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    public String value() {
        return payloadType + " " + encoding + "/" + clockRate + (channels > 1 ? "/" + channels : "");
    }
}
