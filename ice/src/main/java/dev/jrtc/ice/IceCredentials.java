package dev.jrtc.ice;

import java.util.Objects;
import java.util.Random;

/** The ICE username fragment and password of one side (RFC 8445 §5.3; ice-ufrag/ice-pwd of RFC 8839 §5.4). */
public record IceCredentials(String ufrag, String pwd) {
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public IceCredentials {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(pwd, "pwd");
        if (ufrag.length() < 4 || ufrag.length() > 256) throw new IllegalArgumentException("ice-ufrag must be 4..256 characters: '" + ufrag + "'");
        if (pwd.length() < 22 || pwd.length() > 256) throw new IllegalArgumentException("ice-pwd must be 22..256 characters, got " + pwd.length());
        checkIceChars(ufrag, "ice-ufrag");
        checkIceChars(pwd, "ice-pwd");
    }

    /** RFC 8839 §5.4: both are made of ice-char = ALPHA / DIGIT / "+" / "/". */
    private static void checkIceChars(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            if (ICE_CHARS.indexOf(s.charAt(i)) < 0) throw new IllegalArgumentException(what + " has a non ice-char '" + s.charAt(i) + "'");
        }
    }

    /** Fresh random credentials: 8-character ufrag, 24-character password (more than the 24 and 128 bits required). */
    public static IceCredentials random(Random random) {
        return new IceCredentials(chars(random, 8), chars(random, 24));
    }

    private static String chars(Random random, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length())));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "IceCredentials{ufrag=" + ufrag + ", pwd=***}";
    }
}
