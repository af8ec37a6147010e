package dev.jrtc.signaling;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Fuzzes the WHIP PATCH body parser with what a client controls, the whole body: any text is a fragment or an
 * IllegalArgumentException (nothing else escapes), and a fragment holds only well-formed credentials and single-line
 * candidates. Seeds: the RFC 9725 examples, a Chromium-shaped fragment and broken variants.
 */
class TrickleIceSdpFragmentFuzzTest {
    private static final Pattern ICE_CHARS = Pattern.compile("[A-Za-z0-9+/]+");

    @FuzzTest(maxDuration = "20s")
    void anyBodyIsAFragmentOrRefused(byte[] data) {
        String body = new String(data, StandardCharsets.UTF_8);
        TrickleIceSdpFragment f;
        try {
            f = TrickleIceSdpFragment.parse(body);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (f.iceUfrag() != null && (!ICE_CHARS.matcher(f.iceUfrag()).matches() || f.iceUfrag().length() < 4)) {
            throw new AssertionError("bad ufrag accepted: " + f.iceUfrag());
        }
        if (f.icePwd() != null && (!ICE_CHARS.matcher(f.icePwd()).matches() || f.icePwd().length() < 22)) {
            throw new AssertionError("bad pwd accepted: " + f.icePwd());
        }
        for (TrickleIceSdpFragment.Candidate c : f.candidates()) {
            if (!c.candidate().startsWith("candidate:") || c.candidate().indexOf('\n') >= 0 || c.candidate().indexOf('\r') >= 0) {
                throw new AssertionError("bad candidate accepted: " + c);
            }
        }
    }
}
