package dev.jrtc.peerconnection;

import dev.jrtc.peerconnection.sdp.Direction;
import dev.jrtc.peerconnection.sdp.MediaDescription;
import dev.jrtc.peerconnection.sdp.Msid;
import dev.jrtc.peerconnection.sdp.RtpMap;
import dev.jrtc.peerconnection.sdp.SctpDescription;
import dev.jrtc.peerconnection.sdp.SdpParseException;
import dev.jrtc.peerconnection.sdp.SessionDescription;
import dev.jrtc.peerconnection.sdp.TransceiverDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one m-section means for its transceiver (RFC 9429 §5.10, W3C webrtc §4.4.1.5 "process remote tracks"): the
 * section we describe for it, what a remote one announces, and what an answer settles (direction, payload type,
 * feedback). Stateless helpers of the {@link JsepEngine}.
 */
final class TransceiverNegotiation {
    private static final Logger LOG = LoggerFactory.getLogger(TransceiverNegotiation.class);

    private TransceiverNegotiation() {}

    /** How our description presents {@code t}: direction, and when it sends, msid, CNAME and SSRCs (RTX for video). */
    static TransceiverDescription describe(RtpTransceiver t, String cname) {
        Direction d = t.direction();
        if (!d.sends()) return new TransceiverDescription(t.mid(), t.kind(), d, null, null, null, null);
        RtpSender s = t.sender();
        MediaStreamTrack track = s.track();
        String trackId = track != null ? track.id() : "sender-" + Long.toHexString(s.ssrc());
        String stream = s.streamId() != null ? s.streamId() : "-";
        Long rtx = t.kind().equals("video") ? s.rtxSsrc() : null;
        return new TransceiverDescription(t.mid(), t.kind(), d, new Msid(stream, trackId), cname, s.ssrc(), rtx);
    }

    /**
     * A remote section for {@code t}: the router learns its SSRCs and payload types; the first time it sends, a track
     * event is due (returned; null otherwise).
     *
     * @throws RtcException OperationError for a malformed section
     */
    static RtcTrackEvent readRemote(MediaRouter media, RtpTransceiver t, MediaDescription m) {
        String mid = t.mid();
        try {
            media.learn(mid, t, m);
            Direction remote = m.direction().orElse(Direction.SENDRECV);
            if (!remote.sends() || t.trackFired) return null;
            t.trackFired = true;
            List<String> streams = new ArrayList<>();
            Optional<Msid> msid = m.msid();
            if (msid.isPresent() && !msid.get().streamId().equals("-")) streams.add(msid.get().streamId());
            return new RtcTrackEvent(t.receiver(), t.receiver().track(), streams, t);
        } catch (SdpParseException e) {
            throw new RtcException("OperationError", "malformed media section " + mid + ": " + e.getMessage(), e);
        }
    }

    /**
     * The answer's section {@code m} for {@code t}: its current direction (seen from our side), the payload type and
     * clock rate it sends with, and NACK/RTX and congestion control where negotiated.
     */
    static void applyAnswer(MediaRouter media, RtpTransceiver t, MediaDescription m, boolean localWasOfferer) {
        String mid = t.mid();
        Direction d = m.port() == 0 ? Direction.INACTIVE : m.direction().orElse(Direction.SENDRECV);
        if (localWasOfferer) d = JsepSections.reverse(d);
        t.setCurrentDirection(d);
        int pt = -1;
        try {
            for (String f : m.formats()) {
                Optional<RtpMap> r = m.rtpMap(Integer.parseInt(f));
                if (r.isPresent() && !r.get().encodingName().equalsIgnoreCase("rtx")) {
                    pt = r.get().payloadType();
                    t.sender().clockRate(r.get().clockRate());
                    break;
                }
            }
        } catch (SdpParseException | NumberFormatException e) {
            LOG.debug("no payload type for mid {}: {}", mid, e.getMessage());
        }
        t.sender().negotiated(pt, d.sends() && t.sender().track() != null);
        try {
            media.configure(t, m);
        } catch (SdpParseException e) {
            LOG.debug("no NACK or congestion control for mid {}: {}", mid, e.getMessage());
        }
    }

    /**
     * The SCTP port our description {@code local} announces for the data section {@code mid}, used on both ends: 5000
     * in our offers, the offerer's port in our answers (AnswerBuilder mirrors it, in either SDP form).
     */
    static int localSctpPort(SessionDescription local, String mid) {
        for (MediaDescription m : local.media()) {
            if (!mid.equals(m.mid().orElse(null))) continue;
            try {
                return SctpDescription.of(m).map(SctpDescription::port).orElse(SctpDescription.DEFAULT_PORT);
            } catch (SdpParseException e) {
                // Cannot happen: our own descriptions come from OfferBuilder / AnswerBuilder, which write valid ports.
                throw new IllegalStateException("our description has a malformed SCTP attribute", e);
            }
        }
        return SctpDescription.DEFAULT_PORT;
    }

    /**
     * W3C webrtc §4.7.3 "check if negotiation is needed" for one transceiver: it has no section in the current local
     * description {@code local}, or what we wrote there no longer matches the direction it wants.
     */
    static boolean needsNegotiation(RtpTransceiver t, SessionDescription local, SessionDescription remote,
                                    boolean localWasOfferer) {
        if (t.mid() == null || local == null || !JsepSections.hasSection(local, t.mid())) return true;
        Direction written = JsepSections.section(local, t.mid()).direction().orElse(Direction.SENDRECV);
        Direction wanted = t.direction();
        if (localWasOfferer) return written != wanted;
        // As answerer we wrote the offer's direction answered with what we wanted (RFC 3264 §6.1); if answering it
        // now gives something else, only a new offer from us can change it.
        MediaDescription offered = remote == null ? null : JsepSections.section(remote, t.mid());
        Direction offeredDirection = offered == null ? Direction.SENDRECV : offered.direction().orElse(Direction.SENDRECV);
        return written != offeredDirection.answer(wanted.sends(), wanted.receives());
    }
}
