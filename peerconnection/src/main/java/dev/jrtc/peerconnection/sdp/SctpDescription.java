package dev.jrtc.peerconnection.sdp;

import java.util.List;
import java.util.Optional;

/**
 * The data-channel SCTP association an {@code m=application} section describes (RFC 8841), in either of the two
 * forms peers send:
 * <ul>
 *   <li>RFC 8841 §4-§6, what current browsers, pion and libdatachannel send:
 *       {@code m=application 9 UDP/DTLS/SCTP webrtc-datachannel}, {@code a=sctp-port:5000} (5000 when absent) and
 *       {@code a=max-message-size:<bytes>};</li>
 *   <li>the older form of draft-ietf-mmusic-sctp-sdp-05, still sent by aiortc and by old Chrome and Firefox:
 *       {@code m=application 9 DTLS/SCTP 5000}, the format being the SCTP port, with
 *       {@code a=sctpmap:5000 webrtc-datachannel [<streams>]} (the last field counts streams, not bytes); a
 *       {@code a=max-message-size} line may come with it, as aiortc and Firefox 57-62 sent.</li>
 * </ul>
 * An answer must use the form of the offer (a peer of the older form does not understand the newer one).
 *
 * @param port           the SCTP port of the side that wrote the section
 * @param maxMessageSize the {@code a=max-message-size} value, or null when absent (RFC 8841 §6.1: then 64 KiB)
 * @param sctpmap        true for the draft form with {@code a=sctpmap}
 */
public record SctpDescription(int port, Long maxMessageSize, boolean sctpmap) {
    /** The SCTP port when a=sctp-port is absent (RFC 8841 §5), and the one jrtc uses. */
    public static final int DEFAULT_PORT = 5000;
    /** The streams jrtc announces in INIT and so in a=sctpmap (RFC 8831 §6.2 recommends 65535). */
    public static final int STREAMS = 65535;
    private static final String DATACHANNEL = "webrtc-datachannel";

    public SctpDescription {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("SCTP port out of range: " + port);
    }

    /**
     * The section's SCTP association, or empty when it is no data-channel section in either form (media other than
     * application, a proto without DTLS/SCTP, or an sctpmap naming another application).
     *
     * @throws SdpParseException when a=sctp-port, a=sctpmap or a=max-message-size is malformed
     */
    public static Optional<SctpDescription> of(MediaDescription m) throws SdpParseException {
        if (!m.media().equals("application") || !m.proto().endsWith("DTLS/SCTP")) return Optional.empty();
        if (m.formats().contains(DATACHANNEL)) {
            return Optional.of(new SctpDescription(m.sctpPort().orElse(DEFAULT_PORT), m.maxMessageSize().orElse(null), false));
        }
        for (String value : m.attributeValues("sctpmap")) {
            String[] t = Tokens.split(value);
            if (t.length < 2 || t.length > 3 || Tokens.hasEmpty(t)) {
                throw new SdpParseException(value, "sctpmap needs '<sctp-port> <application> [<streams>]'");
            }
            int port = Tokens.parseInt(t[0], 0, 65535, "sctpmap port", value);
            if (t.length == 3) Tokens.parseInt(t[2], 1, 65535, "sctpmap streams", value);
            if (t[1].equals(DATACHANNEL) && m.formats().contains(t[0])) {
                return Optional.of(new SctpDescription(port, m.maxMessageSize().orElse(null), true));
            }
        }
        return Optional.empty();
    }

    /** The m-line formats of a section in this form: the port for the draft form, else webrtc-datachannel. */
    public List<String> formats() {
        return List.of(sctpmap ? Integer.toString(port) : DATACHANNEL);
    }

    /**
     * The attributes that describe the association in this form: {@code a=sctpmap} or {@code a=sctp-port}, then
     * {@code a=max-message-size} when known.
     */
    public List<Attribute> attributes() {
        Attribute first = sctpmap ? Attribute.of("sctpmap", port + " " + DATACHANNEL + " " + STREAMS)
                : Attribute.of("sctp-port", Integer.toString(port));
        return maxMessageSize == null ? List.of(first)
                : List.of(first, Attribute.of("max-message-size", Long.toString(maxMessageSize)));
    }
}
