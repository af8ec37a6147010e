package dev.jrtc.peerconnection.sdp;

import dev.jrtc.ice.Candidate;
import dev.jrtc.dtls.DtlsFingerprint;
import dev.jrtc.dtls.DtlsSetup;
import dev.jrtc.ice.IceCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a JSEP offer (RFC 8829 §5.2.1) the way Chrome writes one: max-bundle BUNDLE group (RFC 8843), rtcp-mux,
 * rtcp-rsize, trickle ICE, one fingerprint, setup:actpass (RFC 8842 §5.2), mid/msid, codecs with RTX, and an
 * SCTP data-channel section (RFC 8841). Not thread-safe; build() returns an immutable value.
 */
public final class OfferBuilder {
    private final Origin origin;
    private final IceCredentials ice;
    private final DtlsFingerprint fingerprint;
    private final List<MediaDescription> sections = new ArrayList<>();
    private final List<String> mids = new ArrayList<>();
    private final List<Candidate> candidates = new ArrayList<>();
    private boolean endOfCandidates;
    private DtlsSetup setup = DtlsSetup.ACTPASS;

    public OfferBuilder(Origin origin, IceCredentials ice, DtlsFingerprint fingerprint) {
        this.origin = Objects.requireNonNull(origin);
        this.ice = Objects.requireNonNull(ice);
        this.fingerprint = Objects.requireNonNull(fingerprint);
    }

    /**
     * The {@code a=setup} of sections added after this call: actpass (the default) for a first offer; a subsequent
     * offer on an established DTLS association keeps its current role, active or passive (RFC 8842 §5.5).
     */
    public OfferBuilder setup(DtlsSetup value) {
        setup = java.util.Objects.requireNonNull(value, "setup");
        return this;
    }

    /** Candidates go into the first m-section (the BUNDLE-tag section, RFC 8843 §7.1). */
    public OfferBuilder candidates(List<Candidate> list, boolean complete) {
        candidates.addAll(list);
        endOfCandidates = complete;
        return this;
    }

    /** An audio or video m-section offering {@code codecs} of the transceiver's kind, in order. */
    public OfferBuilder addTransceiver(TransceiverDescription t, List<CodecCapability> codecs) {
        checkMid(t.mid());
        List<CodecCapability> ours = new ArrayList<>();
        for (CodecCapability c : codecs) if (c.kind().equals(t.kind())) ours.add(c);
        if (ours.isEmpty()) throw new IllegalArgumentException("no " + t.kind() + " codecs for transceiver " + t.mid());
        List<String> formats = new ArrayList<>();
        for (CodecCapability c : ours) {
            formats.add(Integer.toString(c.payloadType()));
            if (c.rtxPayloadType() != null) formats.add(Integer.toString(c.rtxPayloadType()));
        }
        List<Field> f = MediaSections.transport(t.mid(), ice, fingerprint, setup, true);
        List<String> uris = t.kind().equals("audio") ? MediaSections.AUDIO_EXTENSIONS : MediaSections.VIDEO_EXTENSIONS;
        for (String uri : uris) f.add(Field.of(ExtMap.of(extensionId(uri), uri).toAttribute()));
        f.add(Field.of(t.direction().toAttribute()));
        List<Field> ssrcLines = new ArrayList<>();
        if (t.direction().sends()) MediaSections.addSender(f, ssrcLines, t, t.kind().equals("video"));
        f.add(Field.of(Attribute.flag("rtcp-mux")));
        if (t.kind().equals("video")) f.add(Field.of(Attribute.flag("rtcp-rsize")));
        for (CodecCapability c : ours) MediaSections.addCodec(f, c, c.rtcpFeedback(), c.rtxPayloadType());
        f.addAll(ssrcLines);
        sections.add(new MediaDescription(t.kind(), 9, null, MediaSections.RTP_PROTO, formats, f));
        return this;
    }

    /** {@code m=application 9 UDP/DTLS/SCTP webrtc-datachannel} with sctp-port 5000 and max-message-size 262144. */
    public OfferBuilder addDataChannel(String mid) {
        checkMid(mid);
        List<Field> f = MediaSections.transport(mid, ice, fingerprint, setup, false);
        f.add(Field.of(Attribute.of("sctp-port", "5000")));
        f.add(Field.of(Attribute.of("max-message-size", Long.toString(MediaSections.MAX_MESSAGE_SIZE))));
        sections.add(new MediaDescription("application", 9, null, MediaSections.SCTP_PROTO,
                List.of(MediaSections.DATACHANNEL_FORMAT), f));
        return this;
    }

    public SessionDescription build() {
        if (sections.isEmpty()) throw new IllegalArgumentException("an offer needs at least one m-section: add a transceiver or data channel first");
        List<MediaDescription> out = new ArrayList<>(sections);
        if (!candidates.isEmpty() || endOfCandidates) {
            MediaDescription first = out.get(0);
            List<Field> f = new ArrayList<>();
            // Chrome puts candidates right after c=.
            f.add(first.fields().get(0));
            MediaSections.addCandidates(f, candidates, endOfCandidates);
            f.addAll(first.fields().subList(1, first.fields().size()));
            out.set(0, first.withFields(f));
        }
        SessionDescription sd = new SessionDescription(origin, "-", List.of(new Field('t', "0 0")), out);
        sd = sd.withAttribute(Group.bundle(mids).toAttribute());
        sd = sd.withAttribute(Attribute.of("extmap-allow-mixed", null));
        return sd.withAttribute(Attribute.of("msid-semantic", " WMS"));
    }

    private void checkMid(String mid) {
        if (mids.contains(mid)) throw new IllegalArgumentException("duplicate mid " + mid);
        mids.add(mid);
    }

    /** Fixed ids across sections, as BUNDLE requires one id per URI (RFC 8843 §9.2). */
    static int extensionId(String uri) {
        return switch (uri) {
            case ExtMap.AUDIO_LEVEL -> 1;
            case ExtMap.ABS_SEND_TIME -> 2;
            case ExtMap.TRANSPORT_WIDE_CC -> 3;
            case ExtMap.SDES_MID -> 4;
            case ExtMap.SDES_RID -> 10;
            case ExtMap.SDES_REPAIRED_RID -> 11;
            default -> throw new IllegalArgumentException("no id for " + uri);
        };
    }
}
