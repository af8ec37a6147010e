package dev.jrtc.examples;

import dev.jrtc.peerconnection.MediaStreamTrack;
import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcDataChannel;
import dev.jrtc.peerconnection.RtcIceCandidate;
import dev.jrtc.peerconnection.RtcPeerConnectionState;
import dev.jrtc.peerconnection.RtcSessionDescription;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.peerconnection.RtcStats;
import dev.jrtc.peerconnection.RtcStatsReport;
import dev.jrtc.rtp.RtpHeaderWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The README's demo: two PeerConnections in one JVM connect over loopback UDP, open a data channel and an audio
 * track, and print candidates, every state change, the time to connect, data-channel throughput and media packet
 * counts. Bounded: it gives up after a few seconds per step and always exits.
 */
public final class TwoPeerDemo {
    private static final int MESSAGE = 16 * 1024;
    private static final long TRANSFER = 64L << 20;
    private static final long HIGH_WATER = 4L << 20;
    private static final int MEDIA_PACKETS = 250;

    private TwoPeerDemo() {}

    public static void main(String[] args) throws Exception {
        long transfer = args.length > 0 ? Long.parseLong(args[0]) << 20 : TRANSFER;
        System.out.println("jrtc two-peer demo: loopback only, " + (transfer >> 20) + " MiB over a data channel, "
                + MEDIA_PACKETS + " RTP packets over SRTP");
        RtcSettings settings = RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(2);
        try (PeerConnectionFactory factory = new PeerConnectionFactory(settings)) {
            PeerConnection offerer = factory.createPeerConnection(RtcConfiguration.defaults());
            PeerConnection answerer = factory.createPeerConnection(RtcConfiguration.defaults());
            CountDownLatch connected = new CountDownLatch(2);
            watch("offerer", offerer, answerer, connected);
            watch("answerer", answerer, offerer, connected);

            AtomicLong received = new AtomicLong();
            CountDownLatch allReceived = new CountDownLatch(1);
            AtomicInteger mediaReceived = new AtomicInteger();
            answerer.onDataChannel(ch -> {
                System.out.println("[answerer] datachannel '" + ch.label() + "' id " + ch.id());
                ch.onMessage(m -> {
                    if (received.addAndGet(m.data().length) >= transfer) allReceived.countDown();
                });
            });
            answerer.onTrack(e -> {
                System.out.println("[answerer] track " + e.track().kind() + " streams " + e.streamIds());
                e.track().onRtp(p -> mediaReceived.incrementAndGet());
            });

            RtcDataChannel channel = offerer.createDataChannel("bulk");
            CompletableFuture<Void> open = new CompletableFuture<>();
            channel.onOpen(() -> open.complete(null));
            MediaStreamTrack audio = MediaStreamTrack.audio("demo-audio");
            offerer.addTrack(audio, "demo-stream");

            long start = System.nanoTime();
            RtcSessionDescription offer = offerer.setLocalDescription().get(5, TimeUnit.SECONDS);
            answerer.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
            RtcSessionDescription answer = answerer.setLocalDescription().get(5, TimeUnit.SECONDS);
            offerer.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
            if (!connected.await(10, TimeUnit.SECONDS)) {
                System.out.println("FAILED: not connected after 10 s (" + offerer.connectionState() + ")");
                System.exit(1);
            }
            long connectedAt = System.nanoTime();
            open.get(10, TimeUnit.SECONDS);
            long openAt = System.nanoTime();
            System.out.printf("connected %.1f ms after the offer; data channel open after %.1f ms; selected pair %s%n",
                    (connectedAt - start) / 1e6, (openAt - start) / 1e6, offerer.selectedCandidatePair());

            // Data-channel throughput with bufferedAmountLow flow control, as a browser app does it.
            Semaphore low = new Semaphore(0);
            channel.setBufferedAmountLowThreshold(HIGH_WATER / 4);
            channel.onBufferedAmountLow(low::release);
            byte[] message = new byte[MESSAGE];
            long sendStart = System.nanoTime();
            long deadline = sendStart + 30_000_000_000L;
            for (long sent = 0; sent < transfer && System.nanoTime() < deadline; sent += MESSAGE) {
                while (channel.bufferedAmount() > HIGH_WATER && System.nanoTime() < deadline) {
                    low.tryAcquire(50, TimeUnit.MILLISECONDS);
                }
                channel.send(message);
            }
            boolean done = allReceived.await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            double seconds = (System.nanoTime() - sendStart) / 1e9;
            System.out.printf("data channel: %s %.1f MiB in 16 KiB messages in %.2f s = %.1f MB/s%n",
                    done ? "received all" : "INCOMPLETE, received", received.get() / 1048576.0, seconds,
                    received.get() / 1e6 / seconds);

            // Media: Opus-sized RTP packets every 20 ms for 5 s.
            byte[] rtp = new byte[12 + 160];
            RtpHeaderWriter header = new RtpHeaderWriter().payloadType(111);
            for (int seq = 0; seq < MEDIA_PACKETS; seq++) {
                header.sequenceNumber(seq).timestamp(seq * 960L).write(rtp, 0); // 20 ms at 48 kHz
                audio.writeRtp(rtp, 0, rtp.length);
                Thread.sleep(20);
            }
            Thread.sleep(200);
            System.out.println("media: sent " + MEDIA_PACKETS + " RTP packets, received " + mediaReceived.get());

            RtcStatsReport stats = offerer.getStats().get(5, TimeUnit.SECONDS);
            RtcStats transport = stats.get("T01");
            System.out.println("offerer transport: dtls " + transport.get("dtlsCipher") + ", srtp "
                    + transport.get("srtpCipher") + ", sent " + transport.get("bytesSent") + " bytes");
            for (RtcStats s : stats.ofType("outbound-rtp")) System.out.println("offerer outbound-rtp: " + s.members());
            for (RtcStats s : answerer.getStats().get(5, TimeUnit.SECONDS).ofType("inbound-rtp")) {
                System.out.println("answerer inbound-rtp: " + s.members());
            }
            offerer.close();
            answerer.close();
            System.out.println("closed: offerer " + offerer.connectionState() + ", answerer " + answerer.connectionState());
            boolean ok = done && mediaReceived.get() == MEDIA_PACKETS;
            System.out.println(ok ? "demo OK" : "demo FAILED");
            if (!ok) System.exit(1);
        }
    }

    private static void watch(String name, PeerConnection pc, PeerConnection other, CountDownLatch connected) {
        pc.onIceCandidate(c -> {
            if (c == null) {
                System.out.println("[" + name + "] end of candidates");
                other.addIceCandidate(RtcIceCandidate.endOfCandidates());
            } else {
                System.out.println("[" + name + "] candidate " + c.candidate());
                // Candidates also travel inside the descriptions; trickled ones wait for the remote description.
                CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 200 && other.remoteDescription() == null; i++) sleep(10);
                    other.addIceCandidate(c);
                });
            }
        });
        pc.onSignalingStateChange(s -> System.out.println("[" + name + "] signaling " + s.w3cName()));
        pc.onIceGatheringStateChange(s -> System.out.println("[" + name + "] ice gathering " + s));
        pc.onIceConnectionStateChange(s -> System.out.println("[" + name + "] ice connection " + s));
        pc.onConnectionStateChange(s -> {
            System.out.println("[" + name + "] connection " + s);
            if (s == RtcPeerConnectionState.CONNECTED) connected.countDown();
        });
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
