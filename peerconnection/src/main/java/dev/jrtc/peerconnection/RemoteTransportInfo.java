package dev.jrtc.peerconnection;

import dev.jrtc.dtls.DtlsFingerprint;
import dev.jrtc.dtls.DtlsSetup;
import dev.jrtc.ice.Candidate;
import dev.jrtc.ice.IceCredentials;
import dev.jrtc.peerconnection.sdp.MediaDescription;
import dev.jrtc.peerconnection.sdp.SdpParseException;
import dev.jrtc.peerconnection.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a description says about its BUNDLE transport (RFC 8843 §7, RFC 8839 §5, RFC 8842 §5): the ICE credentials,
 * DTLS fingerprint and setup of the first accepted m-section (or session level), the candidates, end-of-candidates
 * and the SCTP max-message-size (RFC 8841 §6).
 */
record RemoteTransportInfo(IceCredentials ice, DtlsFingerprint fingerprint, DtlsSetup setup,
                           List<Candidate> candidates, boolean endOfCandidates, Long maxMessageSize) {

    /** @throws RtcException InvalidAccessError naming what the description lacks or has malformed */
    static RemoteTransportInfo of(SessionDescription sd) {
        MediaDescription tag = null;
        for (MediaDescription m : sd.media()) {
            if (m.port() != 0) {
                tag = m;
                break;
            }
        }
        if (tag == null) throw new RtcException("InvalidAccessError", "the description has no accepted m-section");
        try {
            String ufrag = tag.iceUfrag().or(() -> sd.attributeValue("ice-ufrag")).orElse(null);
            String pwd = tag.icePwd().or(() -> sd.attributeValue("ice-pwd")).orElse(null);
            if (ufrag == null || pwd == null) {
                throw new RtcException("InvalidAccessError", "m-section " + tag.mid().orElse("0") + " has no ice-ufrag/ice-pwd");
            }
            IceCredentials ice;
            try {
                ice = new IceCredentials(ufrag, pwd);
            } catch (IllegalArgumentException e) {
                throw new RtcException("InvalidAccessError", "bad ICE credentials: " + e.getMessage(), e);
            }
            Optional<DtlsFingerprint> fp = tag.fingerprint();
            if (fp.isEmpty()) fp = sd.fingerprint();
            if (fp.isEmpty()) {
                throw new RtcException("InvalidAccessError", "no a=fingerprint: the peer's DTLS certificate cannot be checked");
            }
            if (!fp.get().isSupported()) {
                throw new RtcException("InvalidAccessError", "a=fingerprint cannot be checked: unsupported hash function "
                        + fp.get().hashFunction());
            }
            Optional<DtlsSetup> setup = tag.setup();
            if (setup.isEmpty()) setup = sd.setup();
            List<Candidate> candidates = new ArrayList<>();
            boolean end = false;
            Long maxMessageSize = null;
            for (MediaDescription m : sd.media()) {
                if (m.port() == 0) continue;
                candidates.addAll(m.candidates());
                end |= m.endOfCandidates();
                if (m.media().equals("application") && m.maxMessageSize().isPresent()) maxMessageSize = m.maxMessageSize().get();
            }
            return new RemoteTransportInfo(ice, fp.get(), setup.orElse(DtlsSetup.ACTPASS), candidates, end, maxMessageSize);
        } catch (SdpParseException e) {
            throw new RtcException("InvalidAccessError", "malformed transport attribute: " + e.getMessage(), e);
        }
    }
}
