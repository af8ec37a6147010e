package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.dtls.DtlsCertificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The transport knobs of {@link RtcSettings} over real loopback UDP: single-port mode (many connections on one
 * socket, RFC 8445 §2.5 style routing), a port range, and ICE restart (RFC 8445 §9) keeping data flowing.
 */
class PeerConnectionTransportTest {
    private static final DtlsCertificate CERT = DtlsCertificate.generateEcdsaP256();

    private static RtcDataChannel openChannel(PeerPair pair, BlockingQueue<String> atB) throws Exception {
        pair.b.onDataChannel(ch -> ch.onMessage(m -> atB.add(m.text())));
        RtcDataChannel ch = pair.a.createDataChannel("c");
        CompletableFuture<Void> open = new CompletableFuture<>();
        ch.onOpen(() -> open.complete(null));
        PeerPair.negotiate(pair.a, pair.b);
        open.get(15, TimeUnit.SECONDS);
        return ch;
    }

    private static int localPort(PeerConnection pc) throws Exception {
        RtcStatsReport r = pc.getStats().get(5, TimeUnit.SECONDS);
        for (RtcStats s : r.ofType("local-candidate")) return ((Number) s.get("port")).intValue();
        throw new AssertionError("no local candidate");
    }

    @Test
    void singlePortModeCarriesSeveralConnectionsOnOneSocket() throws Exception {
        RtcSettings base = RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(2);
        RtcConfiguration config = RtcConfiguration.defaults().withCertificate(CERT);
        try (PeerConnectionFactory shared = new PeerConnectionFactory(base.withSinglePort(0));
             PeerConnectionFactory own = new PeerConnectionFactory(base)) {
            int port = -1;
            for (int i = 0; i < 5; i++) {
                PeerPair pair = new PeerPair(own.createPeerConnection(config), shared.createPeerConnection(config));
                BlockingQueue<String> atB = new LinkedBlockingQueue<>();
                RtcDataChannel ch = openChannel(pair, atB);
                ch.send("to connection " + i);
                assertEquals("to connection " + i, atB.poll(10, TimeUnit.SECONDS), "each message reaches its own connection");
                int p = localPort(pair.b);
                if (port < 0) port = p;
                assertEquals(port, p, "every single-port connection uses the one shared socket");
                assertNotEquals(port, localPort(pair.a));
            }
            assertEquals(5, shared.connectionCount());
        }
    }

    @Test
    void nonTrickleExchangeUsesTheCandidatesInLocalDescription() throws Exception {
        try (PeerConnectionFactory f = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1))) {
            RtcConfiguration config = RtcConfiguration.defaults().withCertificate(CERT);
            PeerConnection a = f.createPeerConnection(config);
            PeerConnection b = f.createPeerConnection(config);
            CompletableFuture<Void> aGathered = new CompletableFuture<>();
            CompletableFuture<Void> bGathered = new CompletableFuture<>();
            a.onIceGatheringStateChange(s -> {
                if (s == RtcIceGatheringState.COMPLETE) aGathered.complete(null);
            });
            b.onIceGatheringStateChange(s -> {
                if (s == RtcIceGatheringState.COMPLETE) bGathered.complete(null);
            });
            RtcDataChannel ch = a.createDataChannel("c");
            CompletableFuture<Void> open = new CompletableFuture<>();
            ch.onOpen(() -> open.complete(null));
            a.setLocalDescription().get(5, TimeUnit.SECONDS);
            aGathered.get(5, TimeUnit.SECONDS);
            RtcSessionDescription offer = a.localDescription();
            assertTrue(offer.sdp().contains("a=candidate:") && offer.sdp().contains("a=end-of-candidates"), offer.sdp());
            b.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
            b.setLocalDescription().get(5, TimeUnit.SECONDS);
            bGathered.get(5, TimeUnit.SECONDS);
            RtcSessionDescription answer = b.localDescription();
            assertTrue(answer.sdp().contains("a=end-of-candidates"), answer.sdp());
            a.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
            open.get(15, TimeUnit.SECONDS); // no addIceCandidate at all
            a.close();
            b.close();
        }
    }

    @Test
    void garbageOnTheSocketIsDroppedAndCountedInStats() throws Exception {
        try (PeerConnectionFactory f = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1))) {
            PeerPair pair = new PeerPair(f, RtcConfiguration.defaults().withCertificate(CERT));
            BlockingQueue<String> atB = new LinkedBlockingQueue<>();
            RtcDataChannel ch = openChannel(pair, atB);
            int port = localPort(pair.a);
            try (java.net.DatagramSocket attacker = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
                byte[][] junk = {{0x00, 0x01, 0x00, 0x00}, {23, 3, 3, 0, 5, 1, 2, 3, 4, 5}, {(byte) 0x80, 0, 0, 1}, {(byte) 0xFF}};
                for (byte[] j : junk) {
                    attacker.send(new java.net.DatagramPacket(j, j.length, java.net.InetAddress.getLoopbackAddress(), port));
                }
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            long dropped = 0;
            while (dropped < 4 && System.nanoTime() < deadline) {
                dropped = ((Number) pair.a.getStats().get(5, TimeUnit.SECONDS).get("T01").get("jrtcIceDropped")).longValue();
                if (dropped < 4) Thread.sleep(20);
            }
            assertEquals(4, dropped, "STUN without integrity and data from an address with no valid pair are dropped");
            ch.send("still fine");
            assertEquals("still fine", atB.poll(10, TimeUnit.SECONDS));
            pair.close();
        }
    }

    @Test
    void socketsComeFromThePortRange() throws Exception {
        RtcSettings settings = RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1).withPortRange(41000, 41100);
        try (PeerConnectionFactory f = new PeerConnectionFactory(settings)) {
            PeerPair pair = new PeerPair(f, RtcConfiguration.defaults().withCertificate(CERT));
            openChannel(pair, new LinkedBlockingQueue<>());
            for (PeerConnection pc : new PeerConnection[] {pair.a, pair.b}) {
                int port = localPort(pc);
                assertTrue(port >= 41000 && port <= 41100, "port " + port);
            }
            pair.close();
        }
    }

    /** Ports of the range that another process holds are skipped (a bind failure is EADDRINUSE, not an error). */
    @Test
    void portsInUseInTheRangeAreSkipped() throws Exception {
        java.util.List<java.net.DatagramSocket> taken = new java.util.ArrayList<>();
        try {
            // Hold all but one port of a small range (a port another process holds already counts as held).
            int min = 41200;
            int max = 41209;
            for (int port = min; port < max; port++) {
                try {
                    taken.add(new java.net.DatagramSocket(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port)));
                } catch (java.net.SocketException inUse) {
                    // Someone else's; still not free for us.
                }
            }
            RtcSettings settings = RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1).withPortRange(min, max);
            try (PeerConnectionFactory f = new PeerConnectionFactory(settings)) {
                PeerConnection pc = f.createPeerConnection(RtcConfiguration.defaults().withCertificate(CERT));
                pc.createDataChannel("x");
                pc.setLocalDescription().get(5, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (!pc.localDescription().sdp().contains("typ host") && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(pc.localDescription().sdp().contains(" 127.0.0.1 " + max + " typ host"),
                        "the one free port of the range: " + pc.localDescription().sdp());
                pc.close();
            }
        } finally {
            taken.forEach(java.net.DatagramSocket::close);
        }
    }

    @Test
    void iceRestartRenegotiatesCredentialsAndKeepsTheChannel() throws Exception {
        try (PeerConnectionFactory f = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1))) {
            PeerPair pair = new PeerPair(f, RtcConfiguration.defaults().withCertificate(CERT));
            BlockingQueue<String> atB = new LinkedBlockingQueue<>();
            RtcDataChannel ch = openChannel(pair, atB);
            String ufragBefore = (String) pair.a.getStats().get(5, TimeUnit.SECONDS).get("T01").get("iceLocalUsernameFragment");
            CompletableFuture<Void> needed = new CompletableFuture<>();
            pair.a.onNegotiationNeeded(() -> needed.complete(null));
            pair.a.restartIce();
            needed.get(5, TimeUnit.SECONDS);
            PeerPair.negotiate(pair.a, pair.b);
            String offerUfrag = pair.a.localDescription().sdp().replaceAll("(?s).*a=ice-ufrag:(\\S+).*", "$1");
            assertNotEquals(ufragBefore, offerUfrag, "the restart offer carries new credentials");
            ch.send("after restart");
            assertEquals("after restart", atB.poll(10, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline && pair.a.iceConnectionState() != RtcIceConnectionState.COMPLETED
                    && pair.a.iceConnectionState() != RtcIceConnectionState.CONNECTED) Thread.sleep(20);
            assertEquals(RtcPeerConnectionState.CONNECTED, pair.a.connectionState());
            // The restarted session's own checks succeed and nominate a pair (the check list was reset).
            boolean nominated = false;
            while (System.nanoTime() < deadline && !nominated) {
                nominated = pair.a.getStats().get(5, TimeUnit.SECONDS).ofType("candidate-pair").stream()
                        .anyMatch(p -> Boolean.TRUE.equals(p.get("nominated")));
                if (!nominated) Thread.sleep(20);
            }
            assertTrue(nominated, "a pair of the new ICE generation is nominated");
            pair.close();
        }
    }
}
