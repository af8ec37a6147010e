package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.ice.stun.StunClass;
import dev.jrtc.ice.stun.StunDecodeResult;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMethod;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Hiding host addresses (draft-ietf-mmusic-mdns-ice-candidates §3.1.1) without a multicast interface, on plain
 * loopback (no multicast flag outside a namespace, so nothing is multicast): the host candidate cannot get an
 * announced name, so it is not signalled at all (never the address instead) and counted; the server-reflexive
 * candidate is signalled with {@code raddr 0.0.0.0 rport 0}, so its related address does not give the host away. A
 * STUN responder on loopback reports a documentation address as the mapped one.
 */
class HiddenHostCandidatesTest {
    private static final InetSocketAddress MAPPED = new InetSocketAddress("192.0.2.9", 4242);

    @Test
    void withoutAResponderHostCandidatesAreWithheldAndRelatedAddressesZeroed() throws Exception {
        try (DatagramSocket stun = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             PeerConnectionFactory f = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false)
                     .withEventLoopThreads(1).withMdns(MdnsSettings.defaults().withHideLocalAddresses(true)))) {
            Thread responder = new Thread(() -> answer(stun), "stun-responder");
            responder.setDaemon(true);
            responder.start();
            PeerConnection pc = f.createPeerConnection(RtcConfiguration.defaults()
                    .withIceServers(List.of(IceServer.stun("stun:127.0.0.1:" + stun.getLocalPort()))));
            List<String> trickled = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> gathered = new CompletableFuture<>();
            pc.onIceCandidate(c -> {
                if (c == null) gathered.complete(null); else trickled.add(c.candidate());
            });
            pc.createDataChannel("x");
            pc.setLocalDescription().get(5, TimeUnit.SECONDS);
            gathered.get(10, TimeUnit.SECONDS);

            assertEquals(1, trickled.size(), "only the server-reflexive candidate: " + trickled);
            String srflx = trickled.get(0);
            assertTrue(srflx.contains(" 192.0.2.9 4242 typ srflx raddr 0.0.0.0 rport 0"), srflx);
            String sdp = pc.localDescription().sdp().replaceAll("(?m)^o=.*$", "");
            assertFalse(sdp.contains("127.0.0.1"), "no host address anywhere:\n" + sdp);
            assertTrue(sdp.contains("raddr 0.0.0.0 rport 0"), sdp);
            RtcStats t = pc.getStats().get(5, TimeUnit.SECONDS).get("T01");
            assertEquals(1L, t.get("jrtcMdnsHiddenCandidatesDropped"), t.toString());
            pc.close();
        }
    }

    /** Answers Binding requests with {@link #MAPPED} as the mapped address until the socket closes. */
    private static void answer(DatagramSocket socket) {
        byte[] buf = new byte[1500];
        try {
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                StunDecodeResult r = StunMessage.decode(java.util.Arrays.copyOf(buf, p.getLength()));
                if (!(r instanceof StunDecodeResult.Decoded d) || !d.decodedMessage().isRequest(StunMethod.BINDING)) continue;
                byte[] response = StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, d.decodedMessage().transactionId())
                        .xorMappedAddress(MAPPED).fingerprint().build().encode();
                socket.send(new DatagramPacket(response, response.length, p.getSocketAddress()));
            }
        } catch (java.io.IOException closed) {
            // the test is over
        }
    }
}
