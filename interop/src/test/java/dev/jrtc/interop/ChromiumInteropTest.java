package dev.jrtc.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.peerconnection.MediaStreamTrack;
import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcDataChannel;
import dev.jrtc.peerconnection.RtcPeerConnectionState;
import dev.jrtc.peerconnection.RtcSessionDescription;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.peerconnection.RtcStats;
import dev.jrtc.rtp.RtpHeaderWriter;
import dev.jrtc.rtp.media.IvfFrame;
import dev.jrtc.rtp.media.IvfReader;
import dev.jrtc.rtp.media.Vp8Packetizer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jrtc against Chromium 156 (INTEROP.md), both as answerer and as offerer, inside a loopback-only network namespace:
 * ICE, DTLS 1.2 (Chromium also offers 1.3), SRTP and SCTP connect; data-channel messages cross both ways; Chromium's
 * fake camera reaches an onTrack listener as RTP; Opus RTP from jrtc is counted by Chromium's inbound-rtp stats.
 */
class ChromiumInteropTest {
    /** An Opus packet (RFC 6716 §3.1): TOC 0xF8 (CELT fullband 20 ms, mono, one frame) and a silent frame. */
    private static final byte[] OPUS_SILENCE = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE};

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

    @Test
    void chromiumOffersDataAndVideoJrtcAnswersWithAudio() throws Exception {
        Object offer = chromium.async("""
                window.pc = new RTCPeerConnection();
                window.msgs = [];
                window.dc = pc.createDataChannel('chat');
                dc.onmessage = e => msgs.push(typeof e.data === 'string' ? e.data : 'binary:' + e.data.byteLength);
                dc.onopen = () => dc.send('hello from chromium');
                const stream = await navigator.mediaDevices.getUserMedia({video: {width: 320, height: 240}});
                stream.getTracks().forEach(t => pc.addTrack(t, stream));
                pc.addTransceiver('audio', {direction: 'recvonly'});
                await pc.setLocalDescription();
                """ + GATHERED + "return pc.localDescription.sdp;");
        assertFalse(offer.toString().startsWith("ERROR"), offer.toString());

        PeerConnection pc = factory.createPeerConnection(RtcConfiguration.defaults());
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        CompletableFuture<RtcDataChannel> channel = new CompletableFuture<>();
        pc.onDataChannel(ch -> {
            ch.onMessage(m -> messages.add(m.text()));
            channel.complete(ch);
        });
        AtomicInteger video = new AtomicInteger();
        CompletableFuture<String> trackKind = new CompletableFuture<>();
        CompletableFuture<dev.jrtc.peerconnection.RtpReceiver> videoReceiver = new CompletableFuture<>();
        pc.onTrack(e -> {
            e.track().onRtp(p -> video.incrementAndGet());
            trackKind.complete(e.track().kind());
            videoReceiver.complete(e.receiver());
        });
        CompletableFuture<Void> connected = new CompletableFuture<>();
        pc.onConnectionStateChange(s -> {
            if (s == RtcPeerConnectionState.CONNECTED) connected.complete(null);
        });
        pc.setRemoteDescription(RtcSessionDescription.offer(offer.toString())).get(5, TimeUnit.SECONDS);
        MediaStreamTrack audio = MediaStreamTrack.audio("jrtc-audio");
        pc.addTrack(audio, "jrtc");
        RtcSessionDescription answer = pc.setLocalDescription().get(5, TimeUnit.SECONDS);
        Object applied = chromium.async("await pc.setRemoteDescription({type: 'answer', sdp: args[0]}); return 'ok';", answer.sdp());
        assertEquals("ok", applied);

        connected.get(15, TimeUnit.SECONDS);
        RtcDataChannel dc = channel.get(10, TimeUnit.SECONDS);
        assertEquals("chat", dc.label());
        assertEquals("hello from chromium", messages.poll(10, TimeUnit.SECONDS));
        dc.send("hello from jrtc");
        assertTrue(waitFor(() -> chromium.eval("window.msgs").toString().contains("hello from jrtc")),
                "Chromium got: " + chromium.eval("window.msgs"));
        dc.send(new byte[1000]);
        assertTrue(waitFor(() -> chromium.eval("window.msgs").toString().contains("binary:1000")));

        assertEquals("video", trackKind.get(10, TimeUnit.SECONDS));
        assertTrue(waitFor(() -> video.get() >= 30), "VP8 RTP from the fake camera: " + video.get());

        sendOpus(audio, 100);
        assertTrue(waitFor(() -> audioPacketsReceivedByChromium() >= 50),
                "Chromium's inbound-rtp audio packetsReceived: " + audioPacketsReceivedByChromium());
        // RTCP both ways: Chromium's reports on our audio arrive as remote-inbound-rtp, and our PLI makes it
        // count a picture loss indication on its video sender (RFC 4585 §6.3.1).
        assertTrue(waitFor(() -> !pc.getStats().join().ofType("remote-inbound-rtp").isEmpty()),
                "Chromium's receiver reports about jrtc's audio");
        videoReceiver.get().requestKeyFrame();
        assertTrue(waitFor(() -> chromiumVideoPliCount() >= 1), "Chromium's outbound-rtp pliCount: " + chromiumVideoPliCount());
        assertTrue(waitFor(() -> chromiumRemoteInboundVideoLost() == 0),
                "jrtc's receiver reports on the video reach Chromium with no loss: " + chromiumRemoteInboundVideoLost());
        String state = chromium.eval("pc.connectionState").toString();
        assertEquals("connected", state);
        RtcStats transport = pc.getStats().get(5, TimeUnit.SECONDS).get("T01");
        assertEquals("client", transport.get("dtlsRole"), "jrtc answered actpass with active");
        // Chromium, the DTLS server here, sends video as soon as its side is done, before jrtc's side has the keys:
        // those first packets wait for them rather than being dropped.
        assertEquals(0L, transport.get("jrtcSrtpDropped"), "SRTP dropped by jrtc");
        chromium.async("pc.close(); return 'closed';");
        pc.close();
    }

    @Test
    void jrtcOffersChromiumAnswers() throws Exception {
        PeerConnection pc = factory.createPeerConnection(RtcConfiguration.defaults());
        RtcDataChannel dc = pc.createDataChannel("from-jrtc");
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        CompletableFuture<Void> open = new CompletableFuture<>();
        dc.onOpen(() -> open.complete(null));
        dc.onMessage(m -> messages.add(m.text()));
        MediaStreamTrack audio = MediaStreamTrack.audio("jrtc-mic");
        pc.addTrack(audio, "jrtc");
        RtcSessionDescription offer = pc.setLocalDescription().get(5, TimeUnit.SECONDS);

        Object answer = chromium.async("""
                window.pc = new RTCPeerConnection();
                window.msgs = [];
                pc.ondatachannel = e => {
                  window.dc = e.channel;
                  dc.onmessage = m => { msgs.push(m.data); dc.send('echo:' + m.data); };
                };
                await pc.setRemoteDescription({type: 'offer', sdp: args[0]});
                await pc.setLocalDescription();
                """ + GATHERED + "return pc.localDescription.sdp;", offer.sdp());
        assertFalse(answer.toString().startsWith("ERROR"), answer.toString());
        pc.setRemoteDescription(RtcSessionDescription.answer(answer.toString())).get(5, TimeUnit.SECONDS);

        open.get(15, TimeUnit.SECONDS);
        assertEquals(RtcPeerConnectionState.CONNECTED, pc.connectionState());
        RtcStats transport = pc.getStats().get(5, TimeUnit.SECONDS).get("T01");
        assertEquals("server", transport.get("dtlsRole"), "Chromium answered active, so jrtc is the DTLS server");
        assertNotNull(transport.get("dtlsCipher"));
        for (int i = 0; i < 20; i++) dc.send("ping " + i);
        for (int i = 0; i < 20; i++) assertEquals("echo:ping " + i, messages.poll(10, TimeUnit.SECONDS));

        sendOpus(audio, 100);
        assertTrue(waitFor(() -> audioPacketsReceivedByChromium() >= 50),
                "Chromium's inbound-rtp audio packetsReceived: " + audioPacketsReceivedByChromium());
        chromium.async("pc.close(); return 'closed';");
        pc.close();
    }

    /**
     * Video from a file: the IVF fixture's VP8 frames, packetized per RFC 7741 and sent at the file's 15 fps (twice
     * over), are decoded by Chromium at the file's size.
     */
    @Test
    void chromiumDecodesVp8ThatJrtcSendsFromAnIvfFile() throws Exception {
        PeerConnection pc = factory.createPeerConnection(RtcConfiguration.defaults());
        MediaStreamTrack camera = MediaStreamTrack.video("file-camera");
        pc.addTransceiver(camera, dev.jrtc.peerconnection.sdp.Direction.SENDONLY, "file");
        CompletableFuture<Void> connected = new CompletableFuture<>();
        pc.onConnectionStateChange(s -> {
            if (s == RtcPeerConnectionState.CONNECTED) connected.complete(null);
        });
        RtcSessionDescription offer = pc.setLocalDescription().get(5, TimeUnit.SECONDS);
        Object answer = chromium.async("""
                window.pc = new RTCPeerConnection();
                await pc.setRemoteDescription({type: 'offer', sdp: args[0]});
                await pc.setLocalDescription();
                """ + GATHERED + "return pc.localDescription.sdp;", offer.sdp());
        assertFalse(answer.toString().startsWith("ERROR"), answer.toString());
        pc.setRemoteDescription(RtcSessionDescription.answer(answer.toString())).get(5, TimeUnit.SECONDS);
        connected.get(15, TimeUnit.SECONDS);

        byte[] file;
        try (java.io.InputStream in = ChromiumInteropTest.class.getResourceAsStream("/dev/jrtc/testkit/media/testsrc-160x120-15fps.ivf")) {
            file = in.readAllBytes();
        }
        Vp8Packetizer packetizer = new Vp8Packetizer(1100, 96, 0, 1000);
        long base = 0;
        for (int loop = 0; loop < 2; loop++) {
            IvfReader ivf = new IvfReader(new java.io.ByteArrayInputStream(file));
            long last = 0;
            for (IvfFrame f = ivf.next(); f != null; f = ivf.next()) {
                last = ivf.rtpTimestamp(f.pts(), 90000);
                packetizer.packetize(f.data(), base + last, p -> camera.writeRtp(p, 0, p.length));
                Thread.sleep(1000 / 15);
            }
            base += last + 6000;
        }
        assertTrue(waitFor(() -> chromiumVideoDecoded("framesDecoded") >= 30),
                "Chromium's inbound-rtp framesDecoded: " + chromiumVideoDecoded("framesDecoded"));
        assertEquals(160, chromiumVideoDecoded("frameWidth"));
        assertEquals(120, chromiumVideoDecoded("frameHeight"));
        chromium.async("pc.close(); return 'closed';");
        pc.close();
    }

    /** A member of Chromium's video inbound-rtp stats, or -1. */
    private static long chromiumVideoDecoded(String member) {
        Object n = chromium.async("""
                const stats = await pc.getStats();
                let n = -1;
                stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video' && s[args[0]] !== undefined) n = s[args[0]]; });
                return n;
                """, member);
        return n instanceof Number num ? num.longValue() : -1;
    }

    private static void sendOpus(MediaStreamTrack audio, int packets) throws InterruptedException {
        byte[] rtp = new byte[12 + OPUS_SILENCE.length];
        System.arraycopy(OPUS_SILENCE, 0, rtp, 12, OPUS_SILENCE.length);
        RtpHeaderWriter header = new RtpHeaderWriter().payloadType(111);
        for (int seq = 0; seq < packets; seq++) {
            header.sequenceNumber(seq).timestamp(seq * 960L).write(rtp, 0); // 20 ms frames at 48 kHz
            audio.writeRtp(rtp, 0, rtp.length);
            Thread.sleep(10);
        }
    }

    /** packetsLost of Chromium's remote-inbound-rtp for its video (from jrtc's report blocks), or -1 for none. */
    private static long chromiumRemoteInboundVideoLost() {
        Object n = chromium.async("""
                const stats = await pc.getStats();
                let n = -1;
                stats.forEach(s => { if (s.type === 'remote-inbound-rtp' && s.kind === 'video') n = s.packetsLost; });
                return n;
                """);
        return n instanceof Number num ? num.longValue() : -1;
    }

    private static long chromiumVideoPliCount() {
        Object n = chromium.async("""
                const stats = await pc.getStats();
                let n = 0;
                stats.forEach(s => { if (s.type === 'outbound-rtp' && s.kind === 'video') n += s.pliCount; });
                return n;
                """);
        return n instanceof Number num ? num.longValue() : -1;
    }

    private static long audioPacketsReceivedByChromium() {
        Object n = chromium.async("""
                const stats = await pc.getStats();
                let n = 0;
                stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'audio') n += s.packetsReceived; });
                return n;
                """);
        return n instanceof Number num ? num.longValue() : -1;
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    @SuppressWarnings("unused")
    private static List<String> lines(String sdp) {
        return List.of(sdp.split("\r\n"));
    }
}
