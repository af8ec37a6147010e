package dev.jrtc.peerconnection.sdp;

import dev.jrtc.ice.Candidate;
import dev.jrtc.dtls.DtlsFingerprint;
import dev.jrtc.dtls.DtlsSetup;
import dev.jrtc.ice.IceCredentials;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a JSEP answer to a remote offer (RFC 8829 §5.3.1, RFC 3264 §6): one m-section per offered section with the
 * same mid, codecs intersected with ours using the offerer's payload types, answered directions, setup:active for
 * an actpass offer (RFC 8842 §5.3), the data-channel section in the SDP form of the offer ({@link SctpDescription}),
 * rejected sections with port 0 (RFC 3264 §6), and the offered BUNDLE group restricted to accepted mids
 * (RFC 8843 §7.3).
 */
public final class AnswerBuilder {
    private final Origin origin;
    private final IceCredentials ice;
    private final DtlsFingerprint fingerprint;
    private final List<CodecCapability> codecs;
    private final Map<String, TransceiverDescription> transceivers = new HashMap<>();
    private boolean acceptDataChannel = true;
    private final List<Candidate> candidates = new ArrayList<>();
    private boolean endOfCandidates;
    private DtlsSetup setup;

    public AnswerBuilder(Origin origin, IceCredentials ice, DtlsFingerprint fingerprint, List<CodecCapability> codecs) {
        this.origin = Objects.requireNonNull(origin);
        this.ice = Objects.requireNonNull(ice);
        this.fingerprint = Objects.requireNonNull(fingerprint);
        this.codecs = List.copyOf(codecs);
    }

    /** What we want for the offered section with this mid; sections without one are answered receive-only. */
    public AnswerBuilder transceiver(TransceiverDescription t) {
        transceivers.put(t.mid(), t);
        return this;
    }

    /**
     * Answers with this {@code a=setup} instead of deriving it from the offer: an answer to a re-offer keeps the
     * role of the established DTLS association (RFC 8842 §5.5).
     */
    public AnswerBuilder setup(DtlsSetup value) {
        setup = Objects.requireNonNull(value, "setup");
        return this;
    }

    public AnswerBuilder acceptDataChannel(boolean accept) {
        acceptDataChannel = accept;
        return this;
    }

    public AnswerBuilder candidates(List<Candidate> list, boolean complete) {
        candidates.addAll(list);
        endOfCandidates = complete;
        return this;
    }

    /**
     * Answers {@code offer}.
     *
     * @throws SdpParseException when an attribute the answer depends on (rtpmap, fmtp, setup, group, sctp-port,
     *                           sctpmap, max-message-size) is malformed
     */
    public SessionDescription build(SessionDescription offer) throws SdpParseException {
        List<MediaDescription> out = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription m = offer.media().get(i);
            String mid = m.mid().orElse(Integer.toString(i));
            MediaDescription answered = answerSection(m, mid);
            if (answered.port() != 0) accepted.add(mid);
            out.add(answered);
        }
        boolean placed = false;
        for (int i = 0; i < out.size() && !placed && (!candidates.isEmpty() || endOfCandidates); i++) {
            MediaDescription m = out.get(i);
            if (m.port() == 0) continue;
            List<Field> f = new ArrayList<>();
            f.add(m.fields().get(0));
            MediaSections.addCandidates(f, candidates, endOfCandidates);
            f.addAll(m.fields().subList(1, m.fields().size()));
            out.set(i, m.withFields(f));
            placed = true;
        }
        SessionDescription sd = new SessionDescription(origin, "-", List.of(new Field('t', "0 0")), out);
        Optional<Group> bundle = offer.bundle();
        if (bundle.isPresent()) {
            List<String> mids = new ArrayList<>();
            for (String mid : bundle.get().mids()) if (accepted.contains(mid)) mids.add(mid);
            if (!mids.isEmpty()) sd = sd.withAttribute(Group.bundle(mids).toAttribute());
        }
        sd = sd.withAttribute(Attribute.flag("extmap-allow-mixed"));
        return sd.withAttribute(Attribute.of("msid-semantic", " WMS"));
    }

    private MediaDescription answerSection(MediaDescription m, String mid) throws SdpParseException {
        DtlsSetup setup = this.setup != null ? this.setup : m.setup().orElse(DtlsSetup.ACTPASS).answerTo();
        Optional<SctpDescription> sctp = SctpDescription.of(m);
        if (sctp.isPresent() && acceptDataChannel && m.port() != 0) {
            // Same form as the offer (an a=sctpmap peer knows no a=sctp-port) and the offerer's SCTP port, which
            // jrtc then uses on both ends.
            SctpDescription ours = new SctpDescription(sctp.get().port(), MediaSections.MAX_MESSAGE_SIZE, sctp.get().sctpmap());
            List<Field> f = MediaSections.transport(mid, ice, fingerprint, setup, false);
            for (Attribute a : ours.attributes()) f.add(Field.of(a));
            return new MediaDescription("application", 9, null, m.proto(), ours.formats(), f);
        }
        boolean rtp = (m.media().equals("audio") || m.media().equals("video")) && m.proto().equals(MediaSections.RTP_PROTO);
        if (!rtp || m.port() == 0) return reject(m, mid);

        // Codec intersection: keep the offerer's order and payload types (RFC 3264 §6.1).
        List<RtpMap> maps = m.rtpMaps();
        List<Fmtp> fmtps = m.fmtps();
        List<String> formats = new ArrayList<>();
        List<Field> codecFields = new ArrayList<>();
        for (String fmt : m.formats()) {
            RtpMap offered = find(maps, fmt);
            if (offered == null || offered.encodingName().equalsIgnoreCase("rtx")) continue;
            Fmtp offeredFmtp = findFmtp(fmtps, fmt);
            CodecCapability ours = null;
            for (CodecCapability c : codecs) {
                if (c.kind().equals(m.media()) && c.matches(offered, offeredFmtp)) {
                    ours = c;
                    break;
                }
            }
            if (ours == null) continue;
            Integer rtxPt = ours.rtxPayloadType() == null ? null : offeredRtx(maps, fmtps, offered.payloadType());
            CodecCapability answered = ours.withPayloadTypes(offered.payloadType(), rtxPt);
            List<String> feedback = new ArrayList<>();
            for (RtcpFb fb : m.rtcpFbs()) {
                String v = fb.type() + (fb.parameter() == null ? "" : " " + fb.parameter());
                boolean forUs = fb.payloadType().equals(fmt) || fb.payloadType().equals("*");
                if (forUs && ours.rtcpFeedback().contains(v) && !feedback.contains(v)) feedback.add(v);
            }
            formats.add(fmt);
            if (rtxPt != null) formats.add(Integer.toString(rtxPt));
            // Answer with the offerer's fmtp so both sides agree on e.g. H264 profile-level-id.
            CodecCapability written = new CodecCapability(answered.kind(), offered.encodingName(), offered.clockRate(),
                    offered.channels(), answered.payloadType(), offeredFmtp == null ? null : offeredFmtp.parameters(),
                    answered.rtcpFeedback(), rtxPt);
            MediaSections.addCodec(codecFields, written, feedback, rtxPt);
        }
        if (formats.isEmpty()) return reject(m, mid);

        TransceiverDescription t = transceivers.getOrDefault(mid, TransceiverDescription.receiveOnly(mid, m.media()));
        Direction offered = m.direction().orElse(Direction.SENDRECV);
        Direction dir = offered.answer(t.direction().sends(), t.direction().receives());

        List<Field> f = MediaSections.transport(mid, ice, fingerprint, setup, true);
        List<String> uris = m.media().equals("audio") ? MediaSections.AUDIO_EXTENSIONS : MediaSections.VIDEO_EXTENSIONS;
        for (ExtMap e : m.extMaps()) {
            if (uris.contains(e.uri())) f.add(Field.of(ExtMap.of(e.id(), e.uri()).toAttribute()));
        }
        f.add(Field.of(dir.toAttribute()));
        List<Field> ssrcLines = new ArrayList<>();
        if (dir.sends()) MediaSections.addSender(f, ssrcLines, t, m.media().equals("video") && hasRtx(formats, maps));
        if (m.rtcpMux()) f.add(Field.of(Attribute.flag("rtcp-mux")));
        if (m.rtcpRsize()) f.add(Field.of(Attribute.flag("rtcp-rsize")));
        f.addAll(codecFields);
        f.addAll(ssrcLines);
        if (dir.receives()) addSimulcastReceive(f, m);
        return new MediaDescription(m.media(), 9, null, m.proto(), formats, f);
    }

    /**
     * Accepts the simulcast streams the offer sends (RFC 8853 §5.3, RFC 8829 §5.3.1): an {@code a=rid:<id> recv} for
     * each offered send rid (RFC 8851 §7, restrictions dropped) and {@code a=simulcast:recv} with the offered streams
     * in their order. Only for video whose offer has the RtpStreamId header extension (RFC 8852), which is how the
     * layers' packets are told apart.
     */
    private static void addSimulcastReceive(List<Field> f, MediaDescription m) throws SdpParseException {
        if (!m.media().equals("video")) return;
        Optional<Simulcast> offered = m.simulcastStreams();
        if (offered.isEmpty() || offered.get().send().isEmpty()) return;
        boolean ridExtension = false;
        for (ExtMap e : m.extMaps()) if (e.uri().equals(ExtMap.SDES_RID)) ridExtension = true;
        if (!ridExtension) return;
        List<String> sendRids = new ArrayList<>();
        for (Rid r : m.rids()) if (r.direction().equals("send")) sendRids.add(r.id());
        List<List<Simulcast.Stream>> accepted = new ArrayList<>();
        for (List<Simulcast.Stream> alternatives : offered.get().send()) {
            List<Simulcast.Stream> known = new ArrayList<>();
            for (Simulcast.Stream s : alternatives) if (sendRids.contains(s.rid())) known.add(s);
            if (!known.isEmpty()) accepted.add(known);
        }
        if (accepted.isEmpty()) return;
        for (String rid : Simulcast.rids(accepted)) f.add(Field.of(Attribute.of("rid", new Rid(rid, "recv", null).toValue())));
        f.add(Field.of(Simulcast.receiving(accepted).toAttribute()));
    }

    /** A rejected section: port 0, same media/proto/formats, only the mid kept (RFC 3264 §6, RFC 8829 §5.3.1). */
    private static MediaDescription reject(MediaDescription m, String mid) {
        List<Field> f = new ArrayList<>();
        f.add(new Field('c', "IN IP4 0.0.0.0"));
        f.add(Field.of(Attribute.of("mid", mid)));
        return new MediaDescription(m.media(), 0, null, m.proto(), m.formats(), f);
    }

    private static boolean hasRtx(List<String> formats, List<RtpMap> maps) {
        for (String fmt : formats) {
            RtpMap r = find(maps, fmt);
            if (r != null && r.encodingName().equalsIgnoreCase("rtx")) return true;
        }
        return false;
    }

    private static RtpMap find(List<RtpMap> maps, String fmt) {
        for (RtpMap r : maps) if (Integer.toString(r.payloadType()).equals(fmt)) return r;
        return null;
    }

    private static Fmtp findFmtp(List<Fmtp> fmtps, String fmt) {
        for (Fmtp f : fmtps) if (f.format().equals(fmt)) return f;
        return null;
    }

    /** The offered rtx payload type whose apt points at {@code pt} (RFC 4588 §8.6), or null. */
    private static Integer offeredRtx(List<RtpMap> maps, List<Fmtp> fmtps, int pt) {
        for (RtpMap r : maps) {
            if (!r.encodingName().equalsIgnoreCase("rtx")) continue;
            Fmtp f = findFmtp(fmtps, Integer.toString(r.payloadType()));
            if (f != null && f.parameter("apt").orElse("").equals(Integer.toString(pt))) return r.payloadType();
        }
        return null;
    }
}
