package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.ice.stun.StunClass;
import dev.jrtc.ice.stun.StunCredentials;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMethod;
import dev.jrtc.ice.stun.StunTransactionId;
import dev.jrtc.rtp.RtpHeaderWriter;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Floods that used to become one task each, on an event loop or on the callback thread, now wait in bounded
 * queues and are dropped and counted past them: datagrams that a shared socket hands to another loop (single-port
 * mode), RTP the application writes faster than the loop sends, RTP received faster than a listener takes it, and
 * key-frame requests either way.
 */
class FloodBoundsTest {
    private static final DtlsCertificate CERT = DtlsCertificate.generateEcdsaP256();

    /** Blocks {@code loop} until the returned latch is counted down (at most 30 s). */
    private static CountDownLatch block(EventLoop loop) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        loop.execute(() -> {
            blocked.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(blocked.await(10, TimeUnit.SECONDS));
        return release;
    }

    private static int pendingTasks(EventLoop loop) {
        return ((SingleThreadEventExecutor) loop).pendingTasks();
    }

    private static long stat(PeerConnection pc, String member) throws Exception {
        return (Long) pc.getStats().get(10, TimeUnit.SECONDS).get("T01").get(member);
    }

    @Test
    void datagramsForABusyLoopWaitInABoundedQueueNotAsOneTaskEach() throws Exception {
        RtcSettings settings = RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(2).withSinglePort(0);
        try (PeerConnectionFactory factory = new PeerConnectionFactory(settings);
             DatagramSocket flood = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress shared = factory.sharedSockets().get(0);
            EventLoop socketLoop = factory.udp().eventLoop(shared);
            PeerConnection pc = null;
            for (int i = 0; i < 16 && (pc == null || pc.loop() == socketLoop); i++) {
                pc = factory.createPeerConnection(RtcConfiguration.defaults().withCertificate(CERT));
            }
            assertTrue(pc.loop() != socketLoop, "a connection on the other loop than the shared socket's");
            pc.createDataChannel("x");
            String sdp = pc.setLocalDescription().get(10, TimeUnit.SECONDS).sdp();
            String ufrag = sdp.lines().filter(l -> l.startsWith("a=ice-ufrag:")).findFirst().orElseThrow().substring(12);
            String pwd = sdp.lines().filter(l -> l.startsWith("a=ice-pwd:")).findFirst().orElseThrow().substring(10);
            // A Binding request naming the connection, signed with its ice-pwd, teaches the router this 5-tuple
            // (RFC 8445 §7.2.2): what a flooder that got hold of the credentials can do.
            byte[] binding = StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, StunTransactionId.random(new Random(1)))
                    .username(ufrag + ":flooder").messageIntegrity(StunCredentials.shortTermKey(pwd)).fingerprint().build().encode();
            flood.send(new DatagramPacket(binding, binding.length, shared));
            Thread.sleep(300);

            CountDownLatch release = block(pc.loop());
            long receivedBefore = factory.udp().packetsReceived();
            byte[] junk = new byte[100];
            junk[0] = (byte) 0xFF; // no protocol's first byte: dropped once it is looked at
            int peakTasks = 0;
            for (int burst = 0; burst < 40; burst++) {
                for (int i = 0; i < 250; i++) flood.send(new DatagramPacket(junk, junk.length, shared));
                Thread.sleep(5);
                peakTasks = Math.max(peakTasks, pendingTasks(pc.loop()));
            }
            Thread.sleep(300);
            long arrived = factory.udp().packetsReceived() - receivedBefore;
            peakTasks = Math.max(peakTasks, pendingTasks(pc.loop()));
            release.countDown();
            assertTrue(arrived > TransportIo.MAX_QUEUED_DATAGRAMS, "the flood got through the kernel: " + arrived);
            assertTrue(peakTasks <= 3, "one drain task, not a task per datagram: " + peakTasks);
            long dropped = stat(pc, "jrtcDatagramsQueueDropped");
            assertEquals(arrived - TransportIo.MAX_QUEUED_DATAGRAMS, dropped, "what did not fit was dropped and counted");
            pc.close();
        }
    }

    @Test
    void mediaFloodsBothWaysAreBounded() throws Exception {
        try (PeerConnectionFactory factory = new PeerConnectionFactory(
                RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(2));
             PeerPair pair = new PeerPair(factory, RtcConfiguration.defaults().withCertificate(CERT))) {
            PeerConnection a = pair.a;
            PeerConnection b = pair.b;
            CountDownLatch gate = new CountDownLatch(1);
            AtomicLong delivered = new AtomicLong();
            BlockingQueue<RtcTrackEvent> tracks = new LinkedBlockingQueue<>();
            b.onTrack(e -> {
                e.track().onRtp(p -> {
                    delivered.incrementAndGet();
                    try {
                        gate.await(30, TimeUnit.SECONDS); // a stuck media consumer
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                });
                tracks.add(e);
            });
            MediaStreamTrack mic = MediaStreamTrack.audio("mic");
            RtpSender sender = a.addTrack(mic, "s");
            AtomicInteger keyFrameCalls = new AtomicInteger();
            CountDownLatch senderGate = new CountDownLatch(1);
            sender.onKeyFrameRequest(() -> {
                keyFrameCalls.incrementAndGet();
                try {
                    senderGate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            PeerPair.negotiate(a, b);
            assertTrue(pair.awaitConnected(15));
            byte[] packet = new byte[12 + 100];
            RtpHeaderWriter header = new RtpHeaderWriter().payloadType(111);
            long deadline = System.nanoTime() + 10_000_000_000L;
            for (int seq = 0; tracks.isEmpty() && System.nanoTime() < deadline; seq++) {
                header.sequenceNumber(seq).timestamp(seq * 960L).write(packet, 0);
                mic.writeRtp(packet, 0, packet.length);
                Thread.sleep(20);
            }
            RtcTrackEvent track = tracks.poll(1, TimeUnit.SECONDS);
            assertNotNull(track);

            // Received faster than the listener takes it: at most MAX_PENDING_DELIVERIES wait, the rest is counted.
            for (int seq = 1000; seq < 4000; seq++) {
                header.sequenceNumber(seq).timestamp(seq * 960L).write(packet, 0);
                mic.writeRtp(packet, 0, packet.length);
                if (seq % 100 == 0) Thread.sleep(5);
            }
            deadline = System.nanoTime() + 10_000_000_000L;
            while (stat(b, "jrtcRtpDeliveryDropped") + MediaRouter.MAX_PENDING_DELIVERIES < 2900 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            int waiting = ((SerialExecutor) b.callbacks()).pending();
            assertTrue(waiting <= MediaRouter.MAX_PENDING_DELIVERIES + 4, "callbacks waiting: " + waiting);
            assertTrue(stat(b, "jrtcRtpDeliveryDropped") >= 3000 - MediaRouter.MAX_PENDING_DELIVERIES - 100,
                    "dropped " + stat(b, "jrtcRtpDeliveryDropped"));

            // Key-frame requests: the application asks 10 000 times, the peer's listener is stuck in the first.
            for (int i = 0; i < 10_000; i++) track.receiver().requestKeyFrame();
            deadline = System.nanoTime() + 10_000_000_000L;
            while (keyFrameCalls.get() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
            for (int i = 0; i < 10_000; i++) track.receiver().requestKeyFrame();
            Thread.sleep(500);
            assertEquals(1, keyFrameCalls.get(), "the listener is in its first call");
            assertTrue(((SerialExecutor) a.callbacks()).pending() <= 2, "further requests fold into one waiting call");
            senderGate.countDown();

            // Written faster than the loop sends: a blocked loop queues at most MAX_QUEUED_SENDS, and one task.
            CountDownLatch release = block(a.loop());
            long droppedBefore = sender.packetsDropped.get();
            for (int seq = 5000; seq < 15000; seq++) {
                header.sequenceNumber(seq).timestamp(seq * 960L).write(packet, 0);
                mic.writeRtp(packet, 0, packet.length);
            }
            int tasks = pendingTasks(a.loop());
            release.countDown();
            gate.countDown();
            assertTrue(tasks <= 3, "one drain task, not a task per packet: " + tasks);
            assertEquals(10_000 - MediaRouter.MAX_QUEUED_SENDS, sender.packetsDropped.get() - droppedBefore);
        }
    }
}
