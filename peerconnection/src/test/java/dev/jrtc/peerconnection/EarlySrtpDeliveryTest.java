package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.rtp.RtpHeaderWriter;
import dev.jrtc.rtp.RtpPacket;
import dev.jrtc.testkit.Impairments;
import dev.jrtc.testkit.UdpImpairmentProxy;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Media the DTLS server sends as soon as its handshake is done reaches a DTLS client whose own handshake finishes
 * later (as Chromium's first packets reach jrtc): the proxy drops the server's first datagram with its Finished,
 * so the client gets its SRTP keys only after it has resent its last flight (400 ms) while the server already
 * sends media; the client holds what arrived in the last {@link EarlySrtp#MAX_AGE_NANOS} and opens it, in order,
 * once its keys are installed. Older packets are dropped and counted ({@code jrtcSrtpDropped}).
 */
class EarlySrtpDeliveryTest {
    private static final DtlsCertificate CERT = DtlsCertificate.generateEcdsaP256();

    @Test
    void mediaSentBeforeTheClientHasItsKeysIsDeliveredOnceItHasThem() throws Exception {
        RtcSettings settings = RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(2);
        try (PeerConnectionFactory factory = new PeerConnectionFactory(settings);
             UdpImpairmentProxy proxy = new UdpImpairmentProxy(11)) {
            UdpImpairmentProxy.Link link = proxy.link(Impairments.NONE);
            // The first DTLS datagram with an encrypted handshake record (a Finished) is the client's; drop the second,
            // the server's [ChangeCipherSpec, Finished].
            AtomicInteger finishedSeen = new AtomicInteger();
            link.setFilter(d -> carriesEncryptedHandshake(d) && finishedSeen.incrementAndGet() == 2);
            RtcConfiguration config = RtcConfiguration.defaults().withCertificate(CERT);
            PeerConnection a = factory.createPeerConnection(config); // offers: the DTLS server (b answers setup:active)
            PeerConnection b = factory.createPeerConnection(config);
            MediaStreamTrack mic = MediaStreamTrack.audio("mic");
            a.addTrack(mic, "s");
            BlockingQueue<RtcTrackEvent> tracks = new LinkedBlockingQueue<>();
            b.onTrack(tracks::add);
            CompletableFuture<Void> aConnected = new CompletableFuture<>();
            a.onConnectionStateChange(s -> {
                if (s == RtcPeerConnectionState.CONNECTED) aConnected.complete(null);
            });
            // When each packet was sent, and when b's handshake was done (its connection state follows its keys).
            ConcurrentHashMap<Integer, Long> sentAt = new ConcurrentHashMap<>();
            CompletableFuture<Long> bConnectedAt = new CompletableFuture<>();
            b.onConnectionStateChange(s -> {
                if (s == RtcPeerConnectionState.CONNECTED) bConnectedAt.complete(System.nanoTime());
            });
            ProxiedPeerPair.negotiate(a, b, link);
            RtcTrackEvent track = tracks.poll(10, TimeUnit.SECONDS);
            assertNotNull(track);
            List<Integer> received = new CopyOnWriteArrayList<>();
            track.track().onRtp(p -> {
                RtpPacket packet = new RtpPacket();
                packet.wrap(p, 0, p.length);
                int at = packet.payloadOffset(); // the sender may have added header extensions
                received.add(((p[at] & 0xff) << 8) | (p[at + 1] & 0xff));
            });

            aConnected.get(15, TimeUnit.SECONDS);
            byte[] rtp = new byte[12 + 40];
            RtpHeaderWriter header = new RtpHeaderWriter().payloadType(111);
            int count = 150; // 10 ms apart: 1.5 s, well past the client's resend after 400 ms
            for (int i = 0; i < count; i++) {
                header.sequenceNumber(i).timestamp(i * 480L).write(rtp, 0);
                rtp[12] = (byte) (i >>> 8); // the packet's number, in its payload
                rtp[13] = (byte) i;
                sentAt.put(i, System.nanoTime());
                mic.writeRtp(rtp, 0, rtp.length);
                Thread.sleep(10);
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (received.size() < 1 || received.get(received.size() - 1) != count - 1) {
                assertTrue(System.nanoTime() < deadline, "the last packet arrived: " + received);
                Thread.sleep(10);
            }
            assertTrue(finishedSeen.get() >= 4, "the client resent its flight and the server its Finished: " + finishedSeen);
            assertEquals(1, link.filtered(), "only the server's first Finished was dropped");

            long keysAt = bConnectedAt.get(5, TimeUnit.SECONDS);
            int first = received.get(0);
            for (int i = 0; i < received.size(); i++) {
                assertEquals(first + i, received.get(i), "every packet from the first delivered on, in order: " + received);
            }
            long early = received.stream().filter(i -> sentAt.get(i) < keysAt).count();
            assertTrue(early >= 5, early + " packets sent before b had its keys were delivered: " + received);
            long dropped = ((Number) b.getStats().get(5, TimeUnit.SECONDS).ofType("transport").get(0).get("jrtcSrtpDropped")).longValue();
            assertTrue(dropped >= first, "the " + first + " packets too old to wait were counted: " + dropped);
            a.close();
            b.close();
        }
    }

    /** A DTLS datagram (RFC 7983: first byte 20..63) holding a handshake record of an epoch above 0. */
    private static boolean carriesEncryptedHandshake(byte[] d) {
        if (d.length == 0 || (d[0] & 0xff) < 20 || (d[0] & 0xff) > 63) return false;
        for (int at = 0; at + 13 <= d.length; ) {
            int epoch = ((d[at + 3] & 0xff) << 8) | (d[at + 4] & 0xff);
            if (d[at] == 22 && epoch > 0) return true;
            at += 13 + (((d[at + 11] & 0xff) << 8) | (d[at + 12] & 0xff));
        }
        return false;
    }
}
