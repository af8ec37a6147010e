package dev.jrtc.peerconnection.jsep.internal;

import static dev.jrtc.peerconnection.jsep.internal.DescriptionOperation.SET_LOCAL;
import static dev.jrtc.peerconnection.jsep.internal.DescriptionOperation.SET_REMOTE;
import static dev.jrtc.peerconnection.jsep.SdpType.ANSWER;
import static dev.jrtc.peerconnection.jsep.SdpType.OFFER;
import static dev.jrtc.peerconnection.jsep.SdpType.PRANSWER;
import static dev.jrtc.peerconnection.jsep.SdpType.ROLLBACK;
import static dev.jrtc.peerconnection.jsep.SignalingState.CLOSED;
import static dev.jrtc.peerconnection.jsep.SignalingState.HAVE_LOCAL_OFFER;
import static dev.jrtc.peerconnection.jsep.SignalingState.HAVE_LOCAL_PRANSWER;
import static dev.jrtc.peerconnection.jsep.SignalingState.HAVE_REMOTE_OFFER;
import static dev.jrtc.peerconnection.jsep.SignalingState.HAVE_REMOTE_PRANSWER;
import static dev.jrtc.peerconnection.jsep.SignalingState.STABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.peerconnection.jsep.SdpType;
import dev.jrtc.peerconnection.jsep.SignalingState;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every (state, operation, type) combination against a table written from RFC 8829 §3.2 (state diagram), §4.1.8-9
 * (setLocal/RemoteDescription) and W3C webrtc §4.4.1.5 (rollback allowed only with a pending offer). Any
 * combination not in the table must fail with InvalidStateError.
 */
class SignalingTransitionsTest {

    private static final Map<String, SignalingState> ALLOWED = new HashMap<>();

    private static void allow(SignalingState from, DescriptionOperation op, SdpType type, SignalingState to) {
        ALLOWED.put(from + "/" + op + "/" + type, to);
    }

    static {
        allow(STABLE, SET_LOCAL, OFFER, HAVE_LOCAL_OFFER);
        allow(STABLE, SET_REMOTE, OFFER, HAVE_REMOTE_OFFER);
        allow(HAVE_LOCAL_OFFER, SET_LOCAL, OFFER, HAVE_LOCAL_OFFER);      // re-offer before the answer
        allow(HAVE_LOCAL_OFFER, SET_REMOTE, ANSWER, STABLE);
        allow(HAVE_LOCAL_OFFER, SET_REMOTE, PRANSWER, HAVE_REMOTE_PRANSWER);
        allow(HAVE_LOCAL_OFFER, SET_LOCAL, ROLLBACK, STABLE);
        allow(HAVE_LOCAL_OFFER, SET_REMOTE, ROLLBACK, STABLE);
        allow(HAVE_REMOTE_OFFER, SET_REMOTE, OFFER, HAVE_REMOTE_OFFER);
        allow(HAVE_REMOTE_OFFER, SET_LOCAL, ANSWER, STABLE);
        allow(HAVE_REMOTE_OFFER, SET_LOCAL, PRANSWER, HAVE_LOCAL_PRANSWER);
        allow(HAVE_REMOTE_OFFER, SET_LOCAL, ROLLBACK, STABLE);
        allow(HAVE_REMOTE_OFFER, SET_REMOTE, ROLLBACK, STABLE);
        allow(HAVE_LOCAL_PRANSWER, SET_LOCAL, PRANSWER, HAVE_LOCAL_PRANSWER);
        allow(HAVE_LOCAL_PRANSWER, SET_LOCAL, ANSWER, STABLE);
        allow(HAVE_REMOTE_PRANSWER, SET_REMOTE, PRANSWER, HAVE_REMOTE_PRANSWER);
        allow(HAVE_REMOTE_PRANSWER, SET_REMOTE, ANSWER, STABLE);
    }

    @Test
    void everyCombinationMatchesTheTable() throws Exception {
        int allowed = 0;
        int rejected = 0;
        for (SignalingState s : SignalingState.values()) {
            for (DescriptionOperation op : DescriptionOperation.values()) {
                for (SdpType t : SdpType.values()) {
                    SignalingState expected = ALLOWED.get(s + "/" + op + "/" + t);
                    if (expected != null) {
                        assertEquals(expected, SignalingTransitions.next(s, op, t), s + " " + op + " " + t);
                        allowed++;
                    } else {
                        SignalingException e = assertThrows(SignalingException.class,
                                () -> SignalingTransitions.next(s, op, t), s + " " + op + " " + t);
                        assertEquals(SignalingException.ErrorName.InvalidStateError, e.errorName());
                        assertTrue(e.getMessage().contains(s.w3cName()), e.getMessage());
                        assertTrue(e.getMessage().contains(t.w3cName()), e.getMessage());
                        rejected++;
                    }
                }
            }
        }
        assertEquals(6 * 2 * 4, allowed + rejected);
        assertEquals(16, allowed);
    }

    @Test
    void rollbackInStableIsRejected() {
        assertThrows(SignalingException.class, () -> SignalingTransitions.next(STABLE, SET_LOCAL, ROLLBACK));
    }

    @Test
    void closedRejectsEverything() {
        for (DescriptionOperation op : DescriptionOperation.values()) {
            for (SdpType t : SdpType.values()) {
                SignalingException e = assertThrows(SignalingException.class, () -> SignalingTransitions.next(CLOSED, op, t));
                assertTrue(e.getMessage().contains("closed"));
            }
        }
    }

    @Test
    void fullOfferAnswerWithPranswer() throws Exception {
        SignalingState s = SignalingTransitions.next(STABLE, SET_LOCAL, OFFER);
        s = SignalingTransitions.next(s, SET_REMOTE, PRANSWER);
        s = SignalingTransitions.next(s, SET_REMOTE, PRANSWER);
        assertEquals(STABLE, SignalingTransitions.next(s, SET_REMOTE, ANSWER));
    }

    @Test
    void w3cNames() {
        assertEquals("have-remote-pranswer", HAVE_REMOTE_PRANSWER.w3cName());
        assertEquals("rollback", ROLLBACK.w3cName());
    }

    @Test
    void mungedLocalDescriptionIsInvalidModification() throws Exception {
        SignalingTransitions.checkLocalUnmodified(OFFER, "v=0\r\n", "v=0\r\n");
        SignalingTransitions.checkLocalUnmodified(OFFER, "", "v=0\r\n");
        SignalingTransitions.checkLocalUnmodified(ROLLBACK, "x", null);
        SignalingException e = assertThrows(SignalingException.class,
                () -> SignalingTransitions.checkLocalUnmodified(ANSWER, "v=0\r\nx", "v=0\r\n"));
        assertEquals(SignalingException.ErrorName.InvalidModificationError, e.errorName());
    }

    @Test
    void malformedSdpIsOperationErrorNamingTheLine() throws Exception {
        SignalingException e = assertThrows(SignalingException.class,
                () -> SignalingTransitions.parseDescription("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nbroken\r\n"));
        assertEquals(SignalingException.ErrorName.OperationError, e.errorName());
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
        assertEquals(1, SignalingTransitions.parseDescription(
                "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n").media().size());
    }
}
