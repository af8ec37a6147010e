package dev.jrtc.peerconnection.sdp;

import dev.jrtc.ice.Candidate;
import dev.jrtc.dtls.DtlsFingerprint;
import dev.jrtc.dtls.DtlsSetup;
import dev.jrtc.ice.IceCredentials;
import java.util.ArrayList;
import java.util.List;

/** Shared pieces of JSEP m-sections (RFC 8829 §5.2.1 offer, §5.3.1 answer). */
final class MediaSections {
    static final String RTP_PROTO = "UDP/TLS/RTP/SAVPF";
    static final String SCTP_PROTO = "UDP/DTLS/SCTP";
    static final String DATACHANNEL_FORMAT = "webrtc-datachannel";
    /** The a=max-message-size we announce (RFC 8841 §6): the largest message jrtc's SCTP reassembles. */
    static final long MAX_MESSAGE_SIZE = 262144;
    /** Header extensions we offer and accept (RFC 8829 §5.2.1 lists mid; the rest are what Chrome uses). */
    static final List<String> VIDEO_EXTENSIONS = List.of(ExtMap.ABS_SEND_TIME, ExtMap.TRANSPORT_WIDE_CC, ExtMap.SDES_MID,
            ExtMap.SDES_RID, ExtMap.SDES_REPAIRED_RID);
    static final List<String> AUDIO_EXTENSIONS = List.of(ExtMap.AUDIO_LEVEL, ExtMap.ABS_SEND_TIME,
            ExtMap.TRANSPORT_WIDE_CC, ExtMap.SDES_MID);

    private MediaSections() {}

    /** c=, then ICE, DTLS and mid attributes in Chrome's order. */
    static List<Field> transport(String mid, IceCredentials ice, DtlsFingerprint fingerprint, DtlsSetup setup, boolean rtp) {
        List<Field> f = new ArrayList<>();
        f.add(new Field('c', "IN IP4 0.0.0.0"));
        if (rtp) f.add(Field.of(Attribute.of("rtcp", "9 IN IP4 0.0.0.0")));
        f.add(Field.of(Attribute.of("ice-ufrag", ice.ufrag())));
        f.add(Field.of(Attribute.of("ice-pwd", ice.pwd())));
        f.add(Field.of(Attribute.of("ice-options", "trickle")));
        f.add(Field.of(Attribute.of("fingerprint", fingerprint.sdpValue())));
        f.add(Field.of(Attribute.of("setup", setup.sdpValue())));
        f.add(Field.of(Attribute.of("mid", mid)));
        return f;
    }

    static void addCandidates(List<Field> f, List<Candidate> candidates, boolean endOfCandidates) {
        for (Candidate c : candidates) f.add(Field.of(Attribute.of("candidate", c.attributeValue())));
        if (endOfCandidates) f.add(Field.of(Attribute.flag("end-of-candidates")));
    }

    static void addCodec(List<Field> f, CodecCapability c, List<String> feedback, Integer rtxPt) {
        f.add(Field.of(c.rtpMap().toAttribute()));
        for (String fb : feedback) f.add(Field.of(Attribute.of("rtcp-fb", c.payloadType() + " " + fb)));
        if (c.fmtp() != null) f.add(Field.of(Fmtp.of(c.payloadType(), c.fmtp()).toAttribute()));
        if (rtxPt != null) {
            f.add(Field.of(new RtpMap(rtxPt, "rtx", c.clockRate(), 0).toAttribute()));
            f.add(Field.of(Fmtp.of(rtxPt, "apt=" + c.payloadType()).toAttribute()));
        }
    }

    /** msid, then ssrc-group FID and the ssrc lines of a sent track (RFC 8830 §2, RFC 5576 §4). */
    static void addSender(List<Field> beforeCodecs, List<Field> afterCodecs, TransceiverDescription t, boolean rtx) {
        if (t == null || t.msid() == null || t.ssrc() == null) return;
        beforeCodecs.add(Field.of(t.msid().toAttribute()));
        if (rtx && t.rtxSsrc() != null) {
            afterCodecs.add(Field.of(new SsrcGroup("FID", List.of(t.ssrc(), t.rtxSsrc())).toAttribute()));
        }
        afterCodecs.add(Field.of(new Ssrc(t.ssrc(), "cname", t.cname()).toAttribute()));
        afterCodecs.add(Field.of(new Ssrc(t.ssrc(), "msid", t.msid().toValue()).toAttribute()));
        if (rtx && t.rtxSsrc() != null) {
            afterCodecs.add(Field.of(new Ssrc(t.rtxSsrc(), "cname", t.cname()).toAttribute()));
            afterCodecs.add(Field.of(new Ssrc(t.rtxSsrc(), "msid", t.msid().toValue()).toAttribute()));
        }
    }
}
