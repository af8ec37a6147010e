package dev.jrtc.peerconnection.sdp;

import java.util.Objects;

/** ICE username fragment and password (RFC 8839 §5.4: ufrag 4-256 ice-chars, pwd 22-256 ice-chars). */
public record IceCredentials(String ufrag, String pwd) {
    public IceCredentials {
        Objects.requireNonNull(ufrag); Objects.requireNonNull(pwd);
        check(ufrag, 4, "ice-ufrag");
        check(pwd, 22, "ice-pwd");
    }

    private static void check(String s, int min, String what) {
        if (s.length() < min || s.length() > 256) throw new IllegalArgumentException(what + " must be " + min + "-256 characters");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!ok) throw new IllegalArgumentException(what + " has a non ice-char '" + c + "'");
        }
    }
}
