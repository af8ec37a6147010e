package dev.jrtc.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.peerconnection.MediaStreamTrack;
import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcPeerConnectionState;
import dev.jrtc.peerconnection.RtcSessionDescription;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.peerconnection.RtcStats;
import dev.jrtc.peerconnection.RtpImpairment;
import dev.jrtc.rtp.media.IvfFrame;
import dev.jrtc.rtp.media.IvfReader;
import dev.jrtc.rtp.media.Vp8Packetizer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jrtc's NACK/RTX (RFC 4585 §6.2.1, RFC 4588) and transport-wide congestion control feedback
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01) against Chromium, inside the loopback-only namespace, with
 * the network's misbehaviour made in user space on jrtc's side ({@link RtpImpairment}): Chromium NACKs what jrtc's
 * send side drops and decodes on with the RTX repairs; and Chromium's sender follows the rate limit that jrtc's
 * receive side imposes, through the feedback jrtc sends.
 */
class ChromiumFeedbackInteropTest {
    private static final Logger LOG = LoggerFactory.getLogger(ChromiumFeedbackInteropTest.class);
    private static PeerConnectionFactory factory;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        if (!Chromium.available()) {
            throw new IllegalStateException("Chromium and ChromeDriver are required (scripts/test.sh installs them)");
        }
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(true).withEventLoopThreads(2));
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) chromium.close();
        if (factory != null) factory.close();
    }

    private static final String GATHERED = """
            await new Promise(r => {
              if (pc.iceGatheringState === 'complete') return r();
              pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r());
            });
            """;

    /** Drops packets with probability {@code rate}, seeded. */
    private static final class RandomLoss implements RtpImpairment {
        private final Random random = new Random(42);
        private final double rate;
        final AtomicLong dropped = new AtomicLong();

        RandomLoss(double rate) {
            this.rate = rate;
        }

        @Override
        public long delayNanos(long nowNanos, byte[] packet, int length) {
            if (random.nextDouble() >= rate) return 0;
            dropped.incrementAndGet();
            return -1;
        }
    }

    /**
     * A link of {@code bitsPerSecond} with a drop-tail queue of {@code queueBytes} in front of it: a packet waits
     * for the ones before it to drain, and is dropped when the queue is full.
     */
    private static final class RateLimit implements RtpImpairment {
        private final long queueBytes;
        private volatile long bitsPerSecond;
        private long busyUntil = Long.MIN_VALUE;

        RateLimit(long bitsPerSecond, long queueBytes) {
            this.bitsPerSecond = bitsPerSecond;
            this.queueBytes = queueBytes;
        }

        @Override
        public long delayNanos(long nowNanos, byte[] packet, int length) {
            long rate = bitsPerSecond;
            if (rate <= 0) return 0; // unlimited
            long start = Math.max(nowNanos, busyUntil);
            if ((start - nowNanos) * rate / 8_000_000_000L + length > queueBytes) return -1;
            busyUntil = start + length * 8L * 1_000_000_000L / rate;
            return busyUntil - nowNanos;
        }
    }

    /** The members of Chromium's first stats object of {@code type} (and kind, when given), or an empty map. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> chromiumStats(String type, String kind) {
        Object o = chromium.async("""
                const stats = await pc.getStats();
                let found = {};
                stats.forEach(s => {
                  if (s.type !== args[0] || (args[1] && s.kind !== args[1])) return;
                  if (s.type === 'candidate-pair' && !s.nominated) return;
                  found = s;
                });
                return JSON.parse(JSON.stringify(found));
                """, type, kind);
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static long number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.longValue() : -1;
    }

    @Test
    void chromiumNacksWhatJrtcDropsAndDecodesOnWithTheRtxRepairs() throws Exception {
        PeerConnection pc = factory.createPeerConnection(RtcConfiguration.defaults());
        MediaStreamTrack camera = MediaStreamTrack.video("file-camera");
        pc.addTransceiver(camera, dev.jrtc.peerconnection.sdp.Direction.SENDONLY, "file");
        CompletableFuture<Void> connected = new CompletableFuture<>();
        pc.onConnectionStateChange(s -> {
            if (s == RtcPeerConnectionState.CONNECTED) connected.complete(null);
        });
        RtcSessionDescription offer = pc.setLocalDescription().get(5, TimeUnit.SECONDS);
        assertTrue(offer.sdp().contains("a=ssrc-group:FID"), "jrtc offers an RTX stream");
        Object answer = chromium.async("""
                window.pc = new RTCPeerConnection();
                await pc.setRemoteDescription({type: 'offer', sdp: args[0]});
                await pc.setLocalDescription();
                """ + GATHERED + "return pc.localDescription.sdp;", offer.sdp());
        assertFalse(answer.toString().startsWith("ERROR"), answer.toString());
        List<String> lines = answer.toString().lines().map(String::strip).toList();
        assertTrue(lines.contains("a=rtcp-fb:96 nack"), "Chromium's answer keeps generic NACK for VP8");
        assertTrue(lines.contains("a=fmtp:97 apt=96"), "and RTX for it");
        pc.setRemoteDescription(RtcSessionDescription.answer(answer.toString())).get(5, TimeUnit.SECONDS);
        connected.get(15, TimeUnit.SECONDS);

        // 5% of jrtc's RTP is dropped on its way out, before SRTP and the socket.
        RandomLoss loss = new RandomLoss(0.05);
        pc.setRtpImpairments(loss, null);
        byte[] file;
        try (InputStream in = ChromiumFeedbackInteropTest.class.getResourceAsStream("/dev/jrtc/testkit/media/testsrc-160x120-15fps.ivf")) {
            file = in.readAllBytes();
        }
        // Small packets (300 bytes) so that the 160x120 frames span several and a loss hits a frame's middle too.
        Vp8Packetizer packetizer = new Vp8Packetizer(300, 96, 0, 1000);
        long base = 0;
        List<Long> decoded = new ArrayList<>();
        for (int loop = 0; loop < 5; loop++) {
            IvfReader ivf = new IvfReader(new ByteArrayInputStream(file));
            long last = 0;
            for (IvfFrame f = ivf.next(); f != null; f = ivf.next()) {
                last = ivf.rtpTimestamp(f.pts(), 90000);
                packetizer.packetize(f.data(), base + last, p -> camera.writeRtp(p, 0, p.length));
                Thread.sleep(1000 / 15);
            }
            base += last + 6000;
            decoded.add(number(chromiumStats("inbound-rtp", "video"), "framesDecoded"));
        }
        Thread.sleep(1000);
        Map<String, Object> inbound = chromiumStats("inbound-rtp", "video");
        RtcStats outbound = pc.getStats().get(5, TimeUnit.SECONDS).ofType("outbound-rtp").get(0);
        String report = "jrtc dropped " + loss.dropped.get() + " packets\nChromium inbound-rtp: " + inbound
                + "\njrtc outbound-rtp: " + outbound.members() + "\nframesDecoded after each loop of the file: " + decoded + "\n";
        LOG.info(report);
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "chromium-nack.txt"), report);
        assertTrue(loss.dropped.get() >= 10, "the impairment dropped packets: " + loss.dropped.get());
        assertTrue(number(inbound, "nackCount") > 0, "Chromium sent NACKs: " + inbound);
        assertTrue(number(inbound, "retransmittedPacketsReceived") > 0, "Chromium got RTX: " + inbound);
        assertTrue((Long) outbound.get("nackCount") > 0, "jrtc counted Chromium's NACKs");
        assertTrue((Long) outbound.get("retransmittedPacketsSent") > 0, "jrtc resent as RTX");
        for (int i = 1; i < decoded.size(); i++) {
            assertTrue(decoded.get(i) > decoded.get(i - 1), "framesDecoded keeps growing: " + decoded);
        }
        // The RTX packets repaired the losses (RTX itself crosses the same 5% loss, and is asked for again)...
        assertTrue(number(inbound, "retransmittedPacketsReceived") >= loss.dropped.get() * 8 / 10,
                "RTX received for most of the " + loss.dropped.get() + " drops: " + inbound);
        // ...so of the 150 frames sent Chromium decodes (nearly) all, hardly ever having to ask for a key frame. (Its
        // packetsLost still counts the drops: Chromium counts the media SSRC alone.)
        assertTrue(number(inbound, "framesDecoded") >= 147, "framesDecoded: " + inbound.get("framesDecoded"));
        assertTrue(number(inbound, "pliCount") <= 1, "key frames asked for: " + inbound.get("pliCount"));
        chromium.async("pc.close(); return 'closed';");
        pc.close();
    }

    @Test
    void chromiumsSenderFollowsJrtcsTransportWideFeedbackUnderARateLimit() throws Exception {
        Object offer = chromium.async("""
                window.pc = new RTCPeerConnection();
                const stream = await navigator.mediaDevices.getUserMedia({video: {width: 1280, height: 720, frameRate: 30}});
                stream.getTracks().forEach(t => pc.addTransceiver(t, {direction: 'sendonly', streams: [stream]}));
                await pc.setLocalDescription();
                """ + GATHERED + "return pc.localDescription.sdp;");
        assertFalse(offer.toString().startsWith("ERROR"), offer.toString());
        assertTrue(offer.toString().contains("transport-wide-cc"), "Chromium offers transport-wide CC");
        PeerConnection pc = factory.createPeerConnection(RtcConfiguration.defaults());
        AtomicLong bytes = new AtomicLong();
        pc.onTrack(e -> e.track().onRtp(p -> bytes.addAndGet(p.length)));
        CompletableFuture<Void> connected = new CompletableFuture<>();
        pc.onConnectionStateChange(s -> {
            if (s == RtcPeerConnectionState.CONNECTED) connected.complete(null);
        });
        pc.setRemoteDescription(RtcSessionDescription.offer(offer.toString())).get(5, TimeUnit.SECONDS);
        RtcSessionDescription answer = pc.setLocalDescription().get(5, TimeUnit.SECONDS);
        assertTrue(answer.sdp().contains("transport-wide-cc") && answer.sdp().contains("transport-cc"),
                "jrtc's answer keeps transport-wide CC");
        Object applied = chromium.async("await pc.setRemoteDescription({type: 'answer', sdp: args[0]}); return 'ok';", answer.sdp());
        assertEquals("ok", applied);
        connected.get(15, TimeUnit.SECONDS);

        // Unlimited for 10 s, then 300 kbit/s with a 60 kB queue (1.6 s at that rate, so a rate above it shows as
        // delay long before it shows as loss) for 20 s, then unlimited again for 15 s.
        RateLimit limit = new RateLimit(0, 60_000);
        pc.setRtpImpairments(null, limit);
        List<String> curve = new ArrayList<>();
        List<long[]> samples = new ArrayList<>();
        long lastSent = number(chromiumStats("outbound-rtp", "video"), "bytesSent");
        long lastReceived = bytes.get();
        for (int second = 1; second <= 45; second++) {
            if (second == 11) limit.bitsPerSecond = 300_000;
            if (second == 31) limit.bitsPerSecond = 0;
            Thread.sleep(1000);
            Map<String, Object> out = chromiumStats("outbound-rtp", "video");
            Map<String, Object> pair = chromiumStats("candidate-pair", null);
            long sent = number(out, "bytesSent");
            long received = bytes.get();
            long sentKbps = (sent - lastSent) * 8 / 1000;
            long receivedKbps = (received - lastReceived) * 8 / 1000;
            long target = number(out, "targetBitrate") / 1000;
            long available = number(pair, "availableOutgoingBitrate") / 1000;
            lastSent = sent;
            lastReceived = received;
            samples.add(new long[] {second, sentKbps, target, available, receivedKbps});
            curve.add(String.format("%2d s limit %4s: chromium sent %5d kbit/s, targetBitrate %5d, availableOutgoingBitrate %5d; jrtc got %5d",
                    second, second > 10 && second <= 30 ? "300k" : "none", sentKbps, target, available, receivedKbps));
        }
        RtcStats transport = pc.getStats().get(5, TimeUnit.SECONDS).get("T01");
        String report = "Chromium's video sender under jrtc's receive-side limit, per second:\n" + String.join("\n", curve)
                + "\njrtc transport: " + transport.members() + "\n";
        LOG.info(report);
        // The curve is the evidence: kept next to the surefire reports.
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "chromium-twcc-curve.txt"), report);
        assertTrue((Long) transport.get("jrtcTransportFeedbackSent") > 100, "jrtc sent transport-wide feedback");
        chromium.async("pc.close(); return 'closed';");
        pc.close();

        long peakBefore = 0;
        for (int i = 0; i < 10; i++) peakBefore = Math.max(peakBefore, samples.get(i)[3]);
        assertTrue(peakBefore > 450, "unlimited, Chromium's estimate climbs above the coming limit: " + curve);
        double sentLimited = 0;
        long availableLimited = 0;
        for (int i = 22; i < 30; i++) {
            sentLimited += samples.get(i)[1] / 8.0;
            availableLimited = Math.max(availableLimited, samples.get(i)[3]);
        }
        assertTrue(sentLimited < 400, "limited to 300 kbit/s, Chromium sends less than 400: " + curve);
        assertTrue(availableLimited < 500, "and its estimate stays under 500 kbit/s: " + curve);
        long peakAfter = 0;
        for (int i = 30; i < 45; i++) peakAfter = Math.max(peakAfter, samples.get(i)[3]);
        assertTrue(peakAfter > 450, "the limit lifted, the estimate climbs again: " + curve);
    }
}
