package dev.jrtc.peerconnection.jsep;

import static dev.jrtc.peerconnection.jsep.SignalingState.CLOSED;
import static dev.jrtc.peerconnection.jsep.SignalingState.HAVE_LOCAL_OFFER;
import static dev.jrtc.peerconnection.jsep.SignalingState.HAVE_LOCAL_PRANSWER;
import static dev.jrtc.peerconnection.jsep.SignalingState.HAVE_REMOTE_OFFER;
import static dev.jrtc.peerconnection.jsep.SignalingState.HAVE_REMOTE_PRANSWER;
import static dev.jrtc.peerconnection.jsep.SignalingState.STABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every (state, local/remote, type) combination against the transitions of RFC 8829 §3.2 (figure 1) and
 * W3C webrtc-pc §4.4.1.5 (including the implicit rollback of a local offer by a remote one); all others are
 * InvalidStateError.
 */
class SignalingStateMachineTest {
    private static String key(SignalingState s, boolean local, SdpType t) {
        return s + (local ? " local " : " remote ") + t;
    }

    @Test
    void exhaustiveTransitionTable() {
        Map<String, SignalingState> allowed = new HashMap<>();
        allowed.put(key(STABLE, true, SdpType.OFFER), HAVE_LOCAL_OFFER);
        allowed.put(key(STABLE, false, SdpType.OFFER), HAVE_REMOTE_OFFER);
        allowed.put(key(HAVE_LOCAL_OFFER, true, SdpType.OFFER), HAVE_LOCAL_OFFER);
        allowed.put(key(HAVE_LOCAL_OFFER, false, SdpType.OFFER), HAVE_REMOTE_OFFER); // implicit rollback
        allowed.put(key(HAVE_LOCAL_OFFER, false, SdpType.ANSWER), STABLE);
        allowed.put(key(HAVE_LOCAL_OFFER, false, SdpType.PRANSWER), HAVE_REMOTE_PRANSWER);
        allowed.put(key(HAVE_LOCAL_OFFER, true, SdpType.ROLLBACK), STABLE);
        allowed.put(key(HAVE_REMOTE_OFFER, false, SdpType.OFFER), HAVE_REMOTE_OFFER);
        allowed.put(key(HAVE_REMOTE_OFFER, true, SdpType.ANSWER), STABLE);
        allowed.put(key(HAVE_REMOTE_OFFER, true, SdpType.PRANSWER), HAVE_LOCAL_PRANSWER);
        allowed.put(key(HAVE_REMOTE_OFFER, false, SdpType.ROLLBACK), STABLE);
        allowed.put(key(HAVE_LOCAL_PRANSWER, true, SdpType.PRANSWER), HAVE_LOCAL_PRANSWER);
        allowed.put(key(HAVE_LOCAL_PRANSWER, true, SdpType.ANSWER), STABLE);
        allowed.put(key(HAVE_REMOTE_PRANSWER, false, SdpType.PRANSWER), HAVE_REMOTE_PRANSWER);
        allowed.put(key(HAVE_REMOTE_PRANSWER, false, SdpType.ANSWER), STABLE);

        int checked = 0;
        for (SignalingState s : SignalingState.values()) {
            for (boolean local : new boolean[] {true, false}) {
                for (SdpType t : SdpType.values()) {
                    SignalingTransition r = SignalingStateMachine.next(s, local, t);
                    SignalingState expected = allowed.get(key(s, local, t));
                    if (expected == null) {
                        assertFalse(r.isAllowed(), key(s, local, t) + " must be rejected");
                        assertEquals("InvalidStateError", r.errorName());
                        assertTrue(r.message().contains(s.w3cName()) || s == CLOSED, r.message());
                    } else {
                        assertEquals(expected, r.next(), key(s, local, t));
                        assertEquals(s == HAVE_LOCAL_OFFER && !local && t == SdpType.OFFER, r.implicitRollback(), key(s, local, t));
                    }
                    checked++;
                }
            }
        }
        assertEquals(6 * 2 * 4, checked);
    }

    @Test
    void w3cNames() {
        assertEquals("have-remote-pranswer", HAVE_REMOTE_PRANSWER.w3cName());
        assertEquals("stable", STABLE.w3cName());
    }
}
