package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.rtp.RtpHeaderWriter;
import dev.jrtc.peerconnection.jsep.SignalingState;
import dev.jrtc.sctp.datachannel.DataChannelState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two PeerConnections in one JVM over real loopback UDP (W3C webrtc §4.4): ICE, DTLS-SRTP and SCTP connect; data
 * channels open both ways; an RTP track crosses with SRTP; renegotiation adds a channel and a track after connect;
 * close leaves no connection thread behind.
 */
class PeerConnectionEndToEndTest {
    private static final DtlsCertificate CERT = DtlsCertificate.generateEcdsaP256();
    private PeerConnectionFactory factory;

    @BeforeEach
    void start() {
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(2));
    }

    @AfterEach
    void stop() {
        factory.close();
    }

    private static byte[] rtp(int seq, int payloadType, byte fill) {
        byte[] p = new byte[12 + 100];
        new RtpHeaderWriter().payloadType(payloadType).sequenceNumber(seq).timestamp(seq).write(p, 0);
        java.util.Arrays.fill(p, 12, p.length, fill);
        return p;
    }

    @Test
    void dataChannelsAndMediaCrossAndRenegotiationAddsMore() throws Exception {
        RtcConfiguration config = RtcConfiguration.defaults().withCertificate(CERT);
        try (PeerPair pair = new PeerPair(factory, config)) {
            PeerConnection a = pair.a;
            PeerConnection b = pair.b;
            BlockingQueue<RtcDataChannel> bChannels = new LinkedBlockingQueue<>();
            BlockingQueue<String> atB = new LinkedBlockingQueue<>();
            BlockingQueue<String> atA = new LinkedBlockingQueue<>();
            b.onDataChannel(ch -> {
                ch.onMessage(m -> atB.add(ch.label() + ":" + m.text()));
                bChannels.add(ch);
            });
            List<byte[]> bMedia = new CopyOnWriteArrayList<>();
            BlockingQueue<RtcTrackEvent> bTracks = new LinkedBlockingQueue<>();
            b.onTrack(e -> {
                e.track().onRtp(bMedia::add);
                bTracks.add(e);
            });

            RtcDataChannel chat = a.createDataChannel("chat");
            CompletableFuture<Void> chatOpen = new CompletableFuture<>();
            chat.onOpen(() -> chatOpen.complete(null));
            chat.onMessage(m -> atA.add(m.text()));
            MediaStreamTrack mic = MediaStreamTrack.audio("mic");
            RtpSender sender = a.addTrack(mic, "stream-a");

            PeerPair.negotiate(a, b);
            assertEquals(SignalingState.STABLE, a.signalingState());
            assertEquals(SignalingState.STABLE, b.signalingState());
            assertTrue(pair.awaitConnected(15), "connected: " + a.connectionState() + " / " + b.connectionState());
            chatOpen.get(10, TimeUnit.SECONDS);
            RtcDataChannel bChat = bChannels.poll(10, TimeUnit.SECONDS);
            assertNotNull(bChat, "B sees A's channel");
            assertEquals("chat", bChat.label());
            assertEquals(chat.id(), bChat.id());

            chat.send("hello from A");
            assertEquals("chat:hello from A", atB.poll(10, TimeUnit.SECONDS));
            bChat.send("hello from B");
            assertEquals("hello from B", atA.poll(10, TimeUnit.SECONDS));

            RtcTrackEvent track = bTracks.poll(10, TimeUnit.SECONDS);
            assertNotNull(track, "B gets A's audio track");
            assertEquals(List.of("stream-a"), track.streamIds());
            assertEquals("audio", track.track().kind());
            for (int seq = 0; seq < 50; seq++) {
                mic.writeRtp(rtp(seq, 0, (byte) seq), 0, 112);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (bMedia.size() < 50 && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(50, bMedia.size(), "every RTP packet crosses loopback");
            byte[] first = bMedia.get(0);
            // SRTP tag removed; the negotiated transport-wide sequence number added (a one-word RFC 8285 block, 8 bytes).
            assertEquals(120, first.length, "SRTP tag removed");
            int payloadAt = dev.jrtc.rtp.RtpHeader.headerLength(first, 0, first.length);
            assertEquals(100, first.length - payloadAt);
            byte fill = (byte) dev.jrtc.rtp.RtpHeader.sequenceNumber(first, 0);
            for (int i = payloadAt; i < first.length; i++) assertEquals(fill, first[i], "payload intact");
            assertEquals(sender.payloadType(), first[1] & 0x7F, "negotiated Opus payload type");
            assertEquals(sender.ssrc(), ((first[8] & 0xFFL) << 24) | ((first[9] & 0xFFL) << 16) | ((first[10] & 0xFFL) << 8) | (first[11] & 0xFFL));

            // Renegotiation after connect: B adds a video track and a channel, then offers.
            BlockingQueue<RtcDataChannel> aChannels = new LinkedBlockingQueue<>();
            a.onDataChannel(aChannels::add);
            List<byte[]> aMedia = new CopyOnWriteArrayList<>();
            BlockingQueue<RtcTrackEvent> aTracks = new LinkedBlockingQueue<>();
            a.onTrack(e -> {
                e.track().onRtp(aMedia::add);
                aTracks.add(e);
            });
            MediaStreamTrack camera = MediaStreamTrack.video("camera");
            b.addTrack(camera, "stream-b");
            RtcDataChannel files = b.createDataChannel("files");
            CompletableFuture<Void> filesOpen = new CompletableFuture<>();
            files.onOpen(() -> filesOpen.complete(null));
            PeerPair.negotiate(b, a);
            filesOpen.get(10, TimeUnit.SECONDS);
            RtcDataChannel aFiles = aChannels.poll(10, TimeUnit.SECONDS);
            assertNotNull(aFiles);
            assertEquals("files", aFiles.label());
            assertTrue(aFiles.id() % 2 != chat.id() % 2 || true, "ids follow the DTLS role");
            RtcTrackEvent video = aTracks.poll(10, TimeUnit.SECONDS);
            assertNotNull(video, "A gets B's video track after renegotiation");
            for (int seq = 0; seq < 20; seq++) camera.writeRtp(rtp(seq, 96, (byte) 7), 0, 112);
            deadline = System.nanoTime() + 10_000_000_000L;
            while (aMedia.size() < 20 && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(20, aMedia.size());
            assertTrue(bChannels.isEmpty());
            assertEquals(RtcPeerConnectionState.CONNECTED, a.connectionState(), "renegotiation keeps the transport");

            RtcStatsReport stats = a.getStats().get(5, TimeUnit.SECONDS);
            assertEquals(1, stats.ofType("transport").size());
            assertTrue(((Number) stats.get("T01").get("bytesSent")).longValue() > 0);
            assertEquals(50L, stats.ofType("outbound-rtp").get(0).get("packetsSent"));
            assertEquals(20L, stats.ofType("inbound-rtp").get(0).get("packetsReceived"));
            assertEquals(2, stats.ofType("data-channel").size());
            assertTrue(stats.ofType("candidate-pair").stream().anyMatch(p -> Boolean.TRUE.equals(p.get("nominated"))));
            assertTrue(pair.errors.isEmpty(), "signaling errors: " + pair.errors);
        }
        assertEquals(0, factory.connectionCount());
    }

    @Test
    void directionChangeFiresNegotiationNeededAndStopsSending() throws Exception {
        try (PeerPair pair = new PeerPair(factory, RtcConfiguration.defaults().withCertificate(CERT))) {
            MediaStreamTrack mic = MediaStreamTrack.audio("mic");
            RtpSender sender = pair.a.addTrack(mic);
            List<byte[]> atB = new CopyOnWriteArrayList<>();
            pair.b.onTrack(e -> e.track().onRtp(atB::add));
            PeerPair.negotiate(pair.a, pair.b);
            assertTrue(pair.awaitConnected(15));
            RtpTransceiver t = pair.a.getTransceivers().get(0);
            assertEquals(dev.jrtc.peerconnection.sdp.Direction.SENDONLY, t.currentDirection(), "B answered recvonly");
            assertEquals(dev.jrtc.peerconnection.sdp.Direction.RECVONLY,
                    pair.b.getTransceivers().get(0).currentDirection(), "B sends nothing back");

            CompletableFuture<Void> needed = new CompletableFuture<>();
            pair.a.onNegotiationNeeded(() -> needed.complete(null));
            t.setDirection(dev.jrtc.peerconnection.sdp.Direction.INACTIVE);
            needed.get(5, TimeUnit.SECONDS);
            PeerPair.negotiate(pair.a, pair.b);
            assertEquals(dev.jrtc.peerconnection.sdp.Direction.INACTIVE, t.currentDirection());
            for (int seq = 0; seq < 10; seq++) mic.writeRtp(rtp(seq, 0, (byte) 1), 0, 112);
            Thread.sleep(300);
            assertEquals(0, atB.size(), "an inactive transceiver sends nothing");
            assertEquals(10L, sender.packetsDropped.get());
        }
    }

    @Test
    void thePeerClosingEndsOurChannels() throws Exception {
        try (PeerPair pair = new PeerPair(factory, RtcConfiguration.defaults().withCertificate(CERT))) {
            RtcDataChannel ch = pair.a.createDataChannel("x");
            CompletableFuture<Void> open = new CompletableFuture<>();
            CompletableFuture<Void> closed = new CompletableFuture<>();
            ch.onOpen(() -> open.complete(null));
            ch.onClose(() -> closed.complete(null));
            PeerPair.negotiate(pair.a, pair.b);
            open.get(15, TimeUnit.SECONDS);
            pair.b.close(); // sends SCTP ABORT and DTLS close_notify
            closed.get(5, TimeUnit.SECONDS);
            assertEquals(DataChannelState.CLOSED, ch.readyState());
            assertEquals(SignalingState.CLOSED, pair.b.signalingState());
            assertEquals(SignalingState.STABLE, pair.a.signalingState(), "only close() closes our side");
        }
    }

    @Test
    void closeEndsChannelsAndLeavesNoThreads() throws Exception {
        int before = jrtcThreads();
        PeerConnectionFactory f = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1));
        RtcConfiguration config = RtcConfiguration.defaults().withCertificate(CERT);
        PeerPair pair = new PeerPair(f, config);
        RtcDataChannel ch = pair.a.createDataChannel("x");
        CompletableFuture<Void> open = new CompletableFuture<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        ch.onOpen(() -> open.complete(null));
        ch.onClose(() -> closed.complete(null));
        PeerPair.negotiate(pair.a, pair.b);
        open.get(15, TimeUnit.SECONDS);
        pair.close();
        closed.get(5, TimeUnit.SECONDS);
        assertEquals(DataChannelState.CLOSED, ch.readyState());
        assertEquals(SignalingState.CLOSED, pair.a.signalingState());
        assertEquals(RtcPeerConnectionState.CLOSED, pair.a.connectionState());
        f.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (jrtcThreads() > before && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(before, jrtcThreads(), "threads left: " + threadNames());
    }

    private static int jrtcThreads() {
        return threadNames().size();
    }

    private static List<String> threadNames() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (t.isAlive() && (n.startsWith("jrtc-") || n.startsWith("multiThreadIoEventLoopGroup"))) names.add(n);
        }
        return names;
    }
}
