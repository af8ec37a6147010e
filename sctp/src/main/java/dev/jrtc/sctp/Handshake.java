package dev.jrtc.sctp;

import java.util.ArrayList;
import java.util.List;

/**
 * Opening an association (RFC 9260 §5.1, §5.2): INIT, INIT ACK carrying a {@link StateCookie}, COOKIE ECHO and
 * COOKIE ACK, with T1 retransmitting INIT and COOKIE ECHO until Max.Init.Retransmits. It owns our tag, initial TSN
 * and cookie secret; what it learns of the peer it hands back as a {@link PeerInit}, and the association decides
 * what its state becomes.
 */
final class Handshake {
    /** Streams we offer and accept at most (RFC 9260 §3.3.2: 16-bit counts, stream ids 0..65534). */
    static final int STREAMS = 65535;

    private final SctpConfig config;
    private final OutboundPackets out;
    private final RetransmissionTimeout rto;
    private final StateCookie cookies;
    private final long localTag;
    private final int localInitialTsn;
    private long t1Deadline = Long.MAX_VALUE;
    private int t1Retransmits;
    /** The cookie of the peer's INIT ACK, echoed (again) while COOKIE-ECHOED. */
    private byte[] cookieEcho;

    /** Draws the cookie secret, our tag and our initial TSN from {@code config.random()}, in that order. */
    Handshake(SctpConfig config, OutboundPackets out, RetransmissionTimeout rto) {
        this.config = config;
        this.out = out;
        this.rto = rto;
        byte[] secret = new byte[32];
        config.random().nextBytes(secret);
        this.cookies = new StateCookie(secret);
        long tag;
        do {
            tag = config.random().nextInt() & 0xFFFFFFFFL;
        } while (tag == 0);
        this.localTag = tag;
        this.localInitialTsn = config.random().nextInt();
    }

    /** Our Initiate Tag: the verification tag the peer must use (RFC 9260 §8.5). */
    long localTag() {
        return localTag;
    }

    /** Our Initial TSN. */
    int localInitialTsn() {
        return localInitialTsn;
    }

    /** When T1 expires, or {@link Long#MAX_VALUE}. */
    long t1Deadline() {
        return t1Deadline;
    }

    /** INIT (RFC 9260 §5.1 A), with T1 started. */
    void sendInit(long nowNanos) {
        InitChunk init = new InitChunk(false, localTag, config.receiveWindow(), STREAMS, config.maxInboundStreams(),
                localInitialTsn, supportedExtensions());
        out.sendWithTag(0, init);
        t1Deadline = nowNanos + rto.rto();
    }

    /**
     * Answers an INIT with INIT ACK (RFC 9260 §5.1 B), statelessly (§5.1.3): everything needed later goes into the
     * cookie. In COOKIE-WAIT or COOKIE-ECHOED (both sides opened at once) the same tags are reused (§5.2.1).
     */
    void handleInit(long nowNanos, InitChunk init) {
        List<SctpParameter> params = new ArrayList<>(supportedExtensions());
        params.add(new SctpParameter(SctpParameter.STATE_COOKIE, cookies.mint(nowNanos, init, localTag, localInitialTsn)));
        InitChunk ack = new InitChunk(true, localTag, config.receiveWindow(), STREAMS, config.maxInboundStreams(),
                localInitialTsn, params);
        out.sendWithTag(init.initiateTag(), ack);
    }

    /**
     * The peer's INIT ACK in COOKIE-WAIT (RFC 9260 §5.1 C): what it says of the peer, its cookie kept for
     * {@link #echoCookie}; null when it carries no cookie.
     */
    PeerInit acceptInitAck(InitChunk ack) {
        byte[] cookie = ack.stateCookie();
        if (cookie == null) return null;
        cookieEcho = cookie;
        return new PeerInit(ack.initiateTag(), ack.initialTsn(), ack.advertisedReceiverWindow(),
                StateCookie.announcesForwardTsn(ack), StateCookie.announcesReconfig(ack), Math.min(STREAMS, ack.inboundStreams()));
    }

    /** COOKIE ECHO with the cookie of the INIT ACK (RFC 9260 §5.1 C), T1 restarted with a fresh count. */
    void echoCookie(long nowNanos) {
        t1Retransmits = 0;
        sendCookieEcho(nowNanos);
    }

    private void sendCookieEcho(long nowNanos) {
        out.send(new CookieEchoChunk(cookieEcho));
        t1Deadline = nowNanos + rto.rto();
    }

    /** What a COOKIE ECHO's cookie says of the peer (RFC 9260 §5.1 D, §5.1.5), or null when it is not valid. */
    PeerInit openCookie(long nowNanos, CookieEchoChunk echo) {
        return cookies.open(nowNanos, echo.cookie(), localTag);
    }

    /** The association is established: T1 stops. */
    void established() {
        t1Deadline = Long.MAX_VALUE;
        t1Retransmits = 0;
    }

    /** Stops T1 for good (the association ended). */
    void stop() {
        t1Deadline = Long.MAX_VALUE;
    }

    /**
     * T1 expired in {@code state} (RFC 9260 §5.1 C, D): INIT or COOKIE ECHO goes again with a backed-off RTO; the
     * reason to give up instead once Max.Init.Retransmits is exceeded, or null.
     */
    String handleT1Expiry(long nowNanos, SctpAssociation.State state) {
        if (config.maxInitRetransmits() >= 0 && ++t1Retransmits > config.maxInitRetransmits()) {
            return "no answer to " + (state == SctpAssociation.State.COOKIE_WAIT ? "INIT" : "COOKIE ECHO") + " after "
                    + config.maxInitRetransmits() + " retransmissions (Max.Init.Retransmits)";
        }
        rto.backOff();
        if (state == SctpAssociation.State.COOKIE_WAIT) {
            sendInit(nowNanos);
        } else if (state == SctpAssociation.State.COOKIE_ECHOED) {
            sendCookieEcho(nowNanos);
        } else {
            t1Deadline = Long.MAX_VALUE;
        }
        return null;
    }

    private static List<SctpParameter> supportedExtensions() {
        return List.of(new SctpParameter(SctpParameter.FORWARD_TSN_SUPPORTED, new byte[0]),
                new SctpParameter(SctpParameter.SUPPORTED_EXTENSIONS, new byte[] {(byte) SctpChunk.FORWARD_TSN, (byte) SctpChunk.RE_CONFIG}));
    }
}
