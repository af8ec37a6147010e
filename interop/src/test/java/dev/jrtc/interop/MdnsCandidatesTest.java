package dev.jrtc.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.ice.udp.MulticastMdns;
import dev.jrtc.ice.udp.UdpTransport;
import dev.jrtc.peerconnection.MdnsSettings;
import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcDataChannel;
import dev.jrtc.peerconnection.RtcIceCandidate;
import dev.jrtc.peerconnection.RtcSessionDescription;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.peerconnection.RtcStats;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code .local} host candidates (draft-ietf-mmusic-mdns-ice-candidates) over real multicast DNS, inside the test
 * JVM's own network namespace (netns/bin/java: loopback only, with multicast routed to it, so 224.0.0.251 never
 * leaves it). Two jrtc peers, each with its own factory as two hosts would have, hide their addresses behind random
 * names and connect through each other's responders; the resolver's bounds and counters are checked against names
 * nobody answers and a name that resolves to an address the remote filter refuses.
 */
class MdnsCandidatesTest {
    private static final Pattern CANDIDATE_ADDRESS = Pattern.compile("a=candidate:\\S+ \\d+ udp \\d+ (\\S+) \\d+ typ (\\S+)");

    @BeforeAll
    static void insideTheNamespace() throws Exception {
        // Multicast on a real network is not what a test may do: only run in the namespace the wrapper made.
        List<String> interfaces = NetworkInterface.networkInterfaces().map(NetworkInterface::getName).toList();
        if (!interfaces.equals(List.of("lo")) || !NetworkInterface.getByName("lo").supportsMulticast()) {
            throw new IllegalStateException("needs the loopback-only namespace of interop/netns/bin/java with multicast on lo,"
                    + " found interfaces " + interfaces);
        }
    }

    private static RtcSettings settings(MdnsSettings mdns) {
        return RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1).withMdns(mdns);
    }

    @Test
    void twoPeersHidingBehindLocalNamesConnectThroughEachOthersResponders() throws Exception {
        MdnsSettings hide = MdnsSettings.defaults().withHideLocalAddresses(true);
        try (PeerConnectionFactory hostA = new PeerConnectionFactory(settings(hide));
             PeerConnectionFactory hostB = new PeerConnectionFactory(settings(hide))) {
            PeerConnection a = hostA.createPeerConnection(RtcConfiguration.defaults());
            PeerConnection b = hostB.createPeerConnection(RtcConfiguration.defaults());
            List<String> trickled = new CopyOnWriteArrayList<>();
            wire(a, b, trickled);
            wire(b, a, trickled);
            BlockingQueue<String> atA = new LinkedBlockingQueue<>();
            BlockingQueue<String> atB = new LinkedBlockingQueue<>();
            b.onDataChannel(ch -> ch.onMessage(m -> {
                atB.add(m.text());
                ch.send("pong");
            }));
            RtcDataChannel ch = a.createDataChannel("chat");
            ch.onMessage(m -> atA.add(m.text()));
            CompletableFuture<Void> open = new CompletableFuture<>();
            ch.onOpen(() -> open.complete(null));

            RtcSessionDescription offer = a.setLocalDescription().get(5, TimeUnit.SECONDS);
            b.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
            RtcSessionDescription answer = b.setLocalDescription().get(5, TimeUnit.SECONDS);
            a.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
            open.get(20, TimeUnit.SECONDS);
            ch.send("ping");
            assertEquals("ping", atB.poll(10, TimeUnit.SECONDS));
            assertEquals("pong", atA.poll(10, TimeUnit.SECONDS));

            assertFalse(trickled.isEmpty());
            for (String c : trickled) assertTrue(hiddenHost(c), "every trickled candidate hides its address: " + c);
            for (PeerConnection pc : List.of(a, b)) {
                String sdp = pc.localDescription().sdp();
                Matcher m = CANDIDATE_ADDRESS.matcher(sdp);
                int candidates = 0;
                while (m.find()) {
                    candidates++;
                    assertTrue(m.group(1).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\.local"),
                            "a version 4 UUID name, not an address: " + m.group(0));
                }
                assertTrue(candidates > 0, sdp);
                // o= carries the fixed placeholder 127.0.0.1 (as browsers write it), not an address of ours.
                String withoutOrigin = sdp.replaceAll("(?m)^o=.*$", "");
                assertFalse(withoutOrigin.contains("127.0.0.1"), "the address appears nowhere in the description:\n" + sdp);
                RtcStats t = pc.getStats().get(5, TimeUnit.SECONDS).get("T01");
                assertTrue(((Number) t.get("jrtcMdnsResolved")).longValue() >= 1, "resolved the peer's name: " + t);
                assertEquals(0L, t.get("jrtcMdnsUnresolved"));
                assertEquals(0L, t.get("jrtcMdnsHiddenCandidatesDropped"));
            }
            assertTrue(a.selectedCandidatePair().endsWith("-> /127.0.0.1:" + port(b)), a.selectedCandidatePair());
            a.close();
            b.close();
        }
    }

    @Test
    void unansweredNamesTimeOutOverTheCapAreDroppedAndFilteredAddressesStayOut() throws Exception {
        // Longer than a second: a responder multicasts a record at most once a second (RFC 6762 §6), so a query
        // right after its announcement is answered up to a second later.
        MdnsSettings bounded = MdnsSettings.defaults().withLookups(Duration.ofMillis(2500), 4);
        EventLoopGroup group = UdpTransport.newEventLoopGroup(1);
        // Another host on the link whose name stands for an address the loopback-only filter refuses.
        MulticastMdns elsewhere = MulticastMdns.open(group.next(), Epoll.isAvailable(), NetworkInterface.getByName("lo"));
        String farName = "7b1e0c9a-4d2f-4e6b-8a1c-3f5d7e9b0a2c.local";
        try (PeerConnectionFactory f = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false)
                     .withEventLoopThreads(1).withMdns(bounded));
             PeerConnectionFactory off = new PeerConnectionFactory(settings(MdnsSettings.disabled()))) {
            elsewhere.register(farName, InetAddress.getByName("192.0.2.7")).get(5, TimeUnit.SECONDS);
            PeerConnection offerer = off.createPeerConnection(RtcConfiguration.defaults());
            offerer.createDataChannel("x");
            RtcSessionDescription offer = offerer.setLocalDescription().get(5, TimeUnit.SECONDS);
            PeerConnection pc = f.createPeerConnection(RtcConfiguration.defaults());
            pc.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 10; i++) {
                String name = String.format("00000000-0000-4000-8000-%012d.local", i);
                pc.addIceCandidate(new RtcIceCandidate("candidate:" + i + " 1 udp 2122260223 " + name + " " + (40000 + i)
                        + " typ host", "0", 0, null)).get(5, TimeUnit.SECONDS);
            }
            assertTrue(waitFor(() -> counter(pc, "jrtcMdnsUnresolved") == 4, 10),
                    "four lookups ran and timed out: " + transport(pc));
            assertEquals(6, counter(pc, "jrtcMdnsLookupsOverLimit"), "six names found the cap of 4 full");
            pc.addIceCandidate(new RtcIceCandidate("candidate:99 1 udp 2122260223 " + farName + " 40100 typ host", "0", 0, null))
                    .get(5, TimeUnit.SECONDS);
            assertTrue(waitFor(() -> counter(pc, "jrtcMdnsFiltered") == 1, 10),
                    "the name resolved, its address did not pass RtcSettings.remoteAddressFilter: " + transport(pc));
            assertEquals(0, counter(pc, "jrtcMdnsResolved"));
            assertTrue(pc.getStats().get(5, TimeUnit.SECONDS).ofType("remote-candidate").isEmpty(),
                    "nothing was paired with a refused or unresolved name");

            // With mDNS off, .local candidates are dropped at once, as before.
            PeerConnection plain = off.createPeerConnection(RtcConfiguration.defaults());
            plain.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
            plain.addIceCandidate(new RtcIceCandidate("candidate:1 1 udp 2122260223 " + farName + " 40000 typ host", "0", 0, null))
                    .get(5, TimeUnit.SECONDS);
            assertEquals(1, counter(plain, "jrtcRemoteCandidatesFiltered"));
        } finally {
            elsewhere.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static boolean hiddenHost(String candidateLine) {
        Matcher m = CANDIDATE_ADDRESS.matcher("a=" + candidateLine);
        return m.find() && m.group(1).endsWith(".local");
    }

    private static void wire(PeerConnection from, PeerConnection to, List<String> trickled) {
        from.onIceCandidate(c -> {
            if (c == null) return;
            trickled.add(c.candidate());
            deliver(to, c, 0);
        });
    }

    private static void deliver(PeerConnection to, RtcIceCandidate c, int attempt) {
        if (to.remoteDescription() == null) {
            if (attempt < 500) CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS).execute(() -> deliver(to, c, attempt + 1));
            return;
        }
        to.addIceCandidate(c);
    }

    private static int port(PeerConnection pc) throws Exception {
        for (RtcStats s : pc.getStats().get(5, TimeUnit.SECONDS).ofType("local-candidate")) return ((Number) s.get("port")).intValue();
        throw new AssertionError("no local candidate");
    }

    private static RtcStats transport(PeerConnection pc) {
        return pc.getStats().join().get("T01");
    }

    private static long counter(PeerConnection pc, String name) {
        return ((Number) transport(pc).get(name)).longValue();
    }

    private static boolean waitFor(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
