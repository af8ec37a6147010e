package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What INIT and INIT ACK announce (RFC 3758 §3.1, RFC 6525 §3.1 via RFC 5061 §4.2.7, RFC 9260 §5.1.1) and what is learnt. */
class SctpExtensionNegotiationTest {
    private static InitChunk onlyInit(byte[] packet) {
        SctpPacket.ParseResult r = SctpPacket.parse(packet, 0, packet.length);
        assertTrue(r.isOk(), r.error());
        return (InitChunk) r.packet().chunks().get(0);
    }

    private static void assertAnnouncesExtensions(InitChunk init) {
        assertTrue(init.forwardTsnSupported(), "Forward-TSN-Supported");
        SctpParameter ext = init.parameters().stream().filter(p -> p.type() == SctpParameter.SUPPORTED_EXTENSIONS).findFirst().orElseThrow();
        assertArrayEquals(new byte[] {(byte) SctpChunk.FORWARD_TSN, (byte) SctpChunk.RE_CONFIG}, ext.value());
    }

    @Test
    void initAndInitAckAnnounceForwardTsnAndReconfigAndOurInboundStreamLimit() {
        SctpAssociation a = new SctpAssociation(SctpConfig.defaults(new Random(121)).withLimits(1024, 1 << 21));
        a.connect(0);
        InitChunk init = onlyInit(a.pollTransmit());
        assertAnnouncesExtensions(init);
        assertEquals(1024, init.inboundStreams());
        assertEquals(65535, init.outboundStreams());

        SctpAssociation b = new SctpAssociation(SctpConfig.defaults(new Random(122)));
        byte[] packet = new SctpPacket(5000, 5000, 0, List.of(init)).serialize();
        b.handlePacket(0, packet, 0, packet.length);
        InitChunk ack = onlyInit(b.pollTransmit());
        assertTrue(ack.ack());
        assertAnnouncesExtensions(ack);
    }

    /** The INIT usrsctp (the SCTP inside Firefox and older Chrome) sends, with AUTH parameters, from SctpPacketTest. */
    private static final byte[] USRSCTP_INIT = java.util.HexFormat.of().parseHex("1388138800000000" + "81469dfc01000056"
            + "55b964a500020000" + "04000800e86d1030" + "c000000480080009" + "c00fc18082000000" + "800200249febbb5c50c9bf759cb12c574fa45a51"
            + "ba60177827945c31e65d5b0947e22206" + "8004000600010000" + "8003000680c10000");

    @Test
    void aUsrsctpInitIsAnsweredAndItsExtensionsAndStreamCountAreLearnt() {
        SctpAssociation us = new SctpAssociation(SctpConfig.defaults(new Random(125)));
        us.handlePacket(0, USRSCTP_INIT, 0, USRSCTP_INIT.length);
        byte[] out = us.pollTransmit();
        SctpPacket ackPacket = SctpPacket.parse(out, 0, out.length).packet();
        assertEquals(0x55b964a5L, ackPacket.verificationTag(), "answered with its initiate tag");
        InitChunk ack = (InitChunk) ackPacket.chunks().get(0);
        byte[] echo = new SctpPacket(5000, 5000, ack.initiateTag(), List.of(new CookieEchoChunk(ack.stateCookie()))).serialize();
        us.handlePacket(0, echo, 0, echo.length);
        assertEquals(SctpAssociation.State.ESTABLISHED, us.state());
        assertTrue(us.peerSupportsPartialReliability(), "0xC000 and 0xC0 in its Supported Extensions");
        assertTrue(us.peerSupportsStreamReset(), "0x82 in its Supported Extensions");
        assertEquals(2048, us.outboundStreams(), "its MIS");
        assertEquals(0, us.droppedPackets(), "its AUTH parameters are skipped, not fatal");
    }

    @Test
    void whatThePeerAnnouncesIsLearntOnBothHandshakePaths() {
        // Path 1: we answer the peer's INIT; what it announced travels in the cookie.
        SctpAssociation answering = new SctpAssociation(SctpConfig.defaults(new Random(123)));
        ScriptedPeer peer = new ScriptedPeer(b -> answering.handlePacket(0, b, 0, b.length), answering::pollTransmit);
        peer.handshake(ScriptedPeer.webRtcExtensions());
        assertTrue(answering.peerSupportsPartialReliability());
        assertTrue(answering.peerSupportsStreamReset());
        assertEquals(65535, answering.outboundStreams());

        // Path 2: we sent INIT and learn from the INIT ACK; this peer has no extensions and allows 10 streams.
        SctpAssociation opening = new SctpAssociation(SctpConfig.defaults(new Random(124)));
        opening.connect(0);
        InitChunk ours = onlyInit(opening.pollTransmit());
        List<SctpParameter> params = List.of(new SctpParameter(SctpParameter.STATE_COOKIE, new byte[] {1, 2, 3, 4}));
        byte[] ack = new SctpPacket(5000, 5000, ours.initiateTag(),
                List.of(new InitChunk(true, 0x1234, 1 << 20, 10, 10, 77, params))).serialize();
        opening.handlePacket(0, ack, 0, ack.length);
        byte[] cookieAck = new SctpPacket(5000, 5000, ours.initiateTag(), List.of(new SimpleChunk(SctpChunk.COOKIE_ACK, false))).serialize();
        opening.handlePacket(0, cookieAck, 0, cookieAck.length);
        assertEquals(SctpAssociation.State.ESTABLISHED, opening.state());
        assertTrue(!opening.peerSupportsPartialReliability() && !opening.peerSupportsStreamReset());
        assertEquals(10, opening.outboundStreams());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> opening.send(0, 10, 51, new byte[1], false));
        assertTrue(e.getMessage().contains("10 streams"), e.getMessage());
    }

    /**
     * The INIT libdatachannel 0.24.5 (node-datachannel 0.33.4, usrsctp) sent jrtc, captured here: Forward-TSN-Supported,
     * Zero Checksum Acceptable (0x8001, RFC 9653, EDMID 1 = DTLS), Supported Extensions (FORWARD TSN, AUTH, ASCONF,
     * ASCONF ACK, RE-CONFIG) and the AUTH parameters Random, Chunk List and HMAC Algorithm.
     */
    private static final byte[] LIBDATACHANNEL_INIT = java.util.HexFormat.of().parseHex("1388138800000000db591771"
            + "0100005ef4c4c2a000100000040004004" + "75bbbc4c00000048001000800000001800800" + "09c00fc180820000008002002438"
            + "70345bc04af22d6c02526e26cda5242f4721f79e1316e07067a418dad0f12b8004000600010000" + "8003000680c10000");

    @Test
    void aLibdatachannelInitIsAnsweredWithoutZeroChecksumSoBothSidesKeepCrc32c() {
        SctpPacket init = SctpPacket.parse(LIBDATACHANNEL_INIT, 0, LIBDATACHANNEL_INIT.length).packet();
        assertTrue(((InitChunk) init.chunks().get(0)).parameters().stream().anyMatch(p -> p.type() == 0x8001),
                "the capture announces Zero Checksum Acceptable");
        SctpAssociation us = new SctpAssociation(SctpConfig.defaults(new Random(126)));
        us.handlePacket(0, LIBDATACHANNEL_INIT, 0, LIBDATACHANNEL_INIT.length);
        byte[] out = us.pollTransmit();
        SctpPacket.ParseResult parsed = SctpPacket.parse(out, 0, out.length);
        assertTrue(parsed.isOk(), "our INIT ACK carries a valid CRC32c: " + parsed.error());
        InitChunk ack = (InitChunk) parsed.packet().chunks().get(0);
        assertTrue(ack.ack());
        assertEquals(0xf4c4c2a0L, parsed.packet().verificationTag(), "answered with its initiate tag");
        // RFC 9653 §5: zero checksums only once both sides announced them; we do not, so usrsctp keeps CRC32c.
        assertTrue(ack.parameters().stream().noneMatch(p -> p.type() == 0x8001), "no Zero Checksum Acceptable");
        byte[] echo = new SctpPacket(5000, 5000, ack.initiateTag(), List.of(new CookieEchoChunk(ack.stateCookie()))).serialize();
        us.handlePacket(0, echo, 0, echo.length);
        assertEquals(SctpAssociation.State.ESTABLISHED, us.state());
        assertTrue(us.peerSupportsPartialReliability());
        assertTrue(us.peerSupportsStreamReset());
        assertEquals(1024, us.outboundStreams(), "its MIS");
        assertEquals(0, us.droppedPackets(), "the parameters we do not implement are skipped (their type's high bit)");
    }
}
