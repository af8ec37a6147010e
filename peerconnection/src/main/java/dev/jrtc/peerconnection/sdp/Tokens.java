package dev.jrtc.peerconnection.sdp;

/** Small lexical helpers shared by the SDP value parsers (RFC 8866 §9 tokens). */
final class Tokens {
    private Tokens() {}

    /** Splits on single spaces; empty tokens (double spaces, leading/trailing space) are kept as "" so callers reject them. */
    static String[] split(String value) {
        return value.split(" ", -1);
    }

    static boolean isDigits(String s) {
        if (s.isEmpty() || s.length() > 20) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    static boolean hasEmpty(String[] tokens) {
        for (String t : tokens) if (t.isEmpty()) return true;
        return false;
    }

    static int parseInt(String s, int min, int max, String what, String value) throws SdpParseException {
        if (!isDigits(s) || s.length() > 10) throw new SdpParseException(value, what + " is not a number: '" + s + "'");
        long v = Long.parseLong(s);
        if (v < min || v > max) throw new SdpParseException(value, what + " out of range " + min + ".." + max + ": " + s);
        return (int) v;
    }

    static long parseLong(String s, long min, long max, String what, String value) throws SdpParseException {
        if (!isDigits(s) || s.length() > 18) throw new SdpParseException(value, what + " is not a number: '" + s + "'");
        long v = Long.parseLong(s);
        if (v < min || v > max) throw new SdpParseException(value, what + " out of range " + min + ".." + max + ": " + s);
        return v;
    }
}
