package dev.jrtc.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.interop.peer.ChannelSpec;
import dev.jrtc.interop.peer.PeerEvent;
import dev.jrtc.interop.peer.PeerKind;
import dev.jrtc.interop.peer.PeerStats;
import dev.jrtc.interop.peer.RemotePeer;
import dev.jrtc.peerconnection.MediaStreamTrack;
import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcDataChannel;
import dev.jrtc.peerconnection.RtcDataChannelMessage;
import dev.jrtc.peerconnection.RtcIceGatheringState;
import dev.jrtc.peerconnection.RtcSessionDescription;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.peerconnection.sdp.Direction;
import dev.jrtc.rtp.RtpHeaderWriter;
import dev.jrtc.rtp.media.IvfFrame;
import dev.jrtc.rtp.media.IvfReader;
import dev.jrtc.rtp.media.Vp8Packetizer;
import dev.jrtc.sctp.datachannel.DataChannelInit;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jrtc against every other stack of {@link PeerKind}, once offering and once answering, inside the interop module's
 * loopback-only network namespace: connect (open time from offer creation to both channels open on both sides),
 * messages of 1 B to 256 KiB (capped at the peer's a=max-message-size, RFC 8841 §6) as text and binary compared byte
 * for byte, 100 messages on an unordered channel without retransmissions (RFC 8831 §6.1), an ordered burst of 200,
 * close of a channel by each side (RFC 8831 §6.7), and Opus and VP8 RTP over SRTP counted by the peer. Every check
 * is run and recorded even when one fails; the table goes to {@code target/interop-matrix.md} and stdout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InteropMatrixTest {
    /** An Opus packet (RFC 6716 §3.1): TOC 0xF8 (CELT fullband 20 ms, mono, one frame) and a silent frame. */
    private static final byte[] OPUS_SILENCE = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE};
    private static final int[] SIZES = {1, 1024, 16 * 1024, 64 * 1024, 256 * 1024};
    private static final Pattern MAX_MESSAGE_SIZE = Pattern.compile("a=max-message-size:(\\d+)");
    private static final Duration STEP = Duration.ofSeconds(15);
    private static final String ECHO = "echo";
    private static final String UNORDERED = "echo-unordered";
    /**
     * pion/webrtc v3.1.56 announces no a=max-message-size, so RFC 8841 §6.1 says it takes 64 KiB (65536 bytes), but
     * its data channel reads into a math.MaxUint16 (65535-byte) buffer and closes the channel on a 65536-byte
     * message (datachannel.go, dataChannelBufferSize). Its largest message here is therefore 65535 bytes.
     */
    private static final long PION_READ_LIMIT = 65535;

    private final InteropMatrix matrix = new InteropMatrix();
    private PeerConnectionFactory factory;
    private byte[] ivf;

    enum Role {
        OFFERS, ANSWERS;

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    @BeforeAll
    void start() throws Exception {
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(true).withEventLoopThreads(2));
        // One jrtc-to-jrtc connection first, so the first row's open time is not the JVM warming up.
        EchoSession.warmUp(factory);
        try (InputStream in = getClass().getResourceAsStream("/dev/jrtc/testkit/media/testsrc-160x120-15fps.ivf")) {
            ivf = in.readAllBytes();
        }
    }

    @AfterAll
    void stop() throws IOException {
        try {
            String md = "# jrtc interop matrix\n\n" + matrix.markdown();
            Path out = Paths.get("target", "interop-matrix.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, md, StandardCharsets.UTF_8);
            System.out.println(md);
        } finally {
            if (factory != null) factory.close();
        }
    }

    /** Every kind, or those named in {@code -Djrtc.interop.peers=PION,AIORTC} (to re-run a few while debugging). */
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        String only = System.getProperty("jrtc.interop.peers", "");
        for (PeerKind kind : PeerKind.values()) {
            if (!only.isBlank() && !Arrays.asList(only.toUpperCase().split(",")).contains(kind.name())) continue;
            for (Role role : Role.values()) cases.add(Arguments.of(kind, role));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, jrtc {1}")
    @MethodSource("cases")
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void interop(PeerKind kind, Role role) throws Exception {
        InteropMatrix.Row row = matrix.row(kind.name().toLowerCase(), role.toString());
        List<ProcessHandle> processes = new ArrayList<>();
        try (RemotePeer peer = RemotePeer.start(kind); Session s = new Session(factory.createPeerConnection(RtcConfiguration.defaults()))) {
            processes.add(ProcessHandle.of(peer.pid()).orElseThrow());
            row.version = peer.version();
            boolean connected = connect(row, peer, s, role);
            // The peer program and whatever it started (Chromium's processes): all must end with close().
            ProcessHandle.of(peer.pid()).ifPresent(p -> p.descendants().forEach(processes::add));
            if (connected) {
                check(row, "messages", () -> messages(row, peer, s));
                check(row, "unordered", () -> unordered(row, s));
                check(row, "ordered burst", () -> orderedBurst(row, s));
                media(row, peer, s);
                check(row, "close by jrtc", () -> closeByJrtc(row, peer, s));
                check(row, "close by peer", () -> closeByPeer(row, peer, s));
            }
        }
        for (ProcessHandle p : processes) {
            assertFalse(p.isAlive(), "peer process " + p.pid() + " (" + p.info().command().orElse("?") + ") outlived close()");
        }
        assertTrue(row.failures.isEmpty(), kind + " with jrtc " + role + ": " + row.failures);
    }

    // ------------------------------------------------------------------------------------------------ checks

    private boolean connect(InteropMatrix.Row row, RemotePeer peer, Session s, Role role) {
        try {
            long t0;
            String peerSdp;
            if (role == Role.OFFERS) {
                s.pc.addTransceiver(s.audio, Direction.SENDONLY, "jrtc");
                s.pc.addTransceiver(s.video, Direction.SENDONLY, "jrtc");
                s.create(DataChannelInit.reliable(ECHO));
                s.create(DataChannelInit.reliable(UNORDERED).withReliability(false, 0, null));
                t0 = System.nanoTime();
                await(s.pc.setLocalDescription(), "jrtc's offer");
                peerSdp = peer.createAnswer(s.completeLocalSdp());
                await(s.pc.setRemoteDescription(RtcSessionDescription.answer(peerSdp)), "jrtc applying the answer");
            } else {
                t0 = System.nanoTime();
                peerSdp = peer.createOffer(true, true, ChannelSpec.reliable(ECHO), ChannelSpec.unordered(UNORDERED, 0));
                await(s.pc.setRemoteDescription(RtcSessionDescription.offer(peerSdp)), "jrtc applying the offer");
                s.pc.addTrack(s.audio, "jrtc");
                s.pc.addTrack(s.video, "jrtc");
                await(s.pc.setLocalDescription(), "jrtc's answer");
                peer.acceptAnswer(s.completeLocalSdp());
            }
            s.peerAnnouncesMaxMessageSize = MAX_MESSAGE_SIZE.matcher(peerSdp).find();
            s.peerMaxMessageSize = maxMessageSize(peerSdp);
            s.sizeLimit = peer.kind() == PeerKind.PION ? Math.min(PION_READ_LIMIT, s.peerMaxMessageSize) : s.peerMaxMessageSize;
            long open = 0;
            for (String label : List.of(ECHO, UNORDERED)) {
                Channel c = await(s.future(label), "channel '" + label + "' at jrtc");
                open = Math.max(open, await(c.opened, "open of channel '" + label + "' at jrtc"));
                PeerEvent e = peer.awaitChannelOpen(label, STEP);
                open = Math.max(open, e.nanoTime());
            }
            row.openMillis = String.valueOf(TimeUnit.NANOSECONDS.toMillis(open - t0));
            row.pass("connect", "");
            return true;
        } catch (Exception e) {
            row.fail("connect", reason(e));
            return false;
        }
    }

    /** Sizes up to the peer's max-message-size, text and binary; each echo must equal what was sent. */
    private void messages(InteropMatrix.Row row, RemotePeer peer, Session s) throws Exception {
        Channel echo = s.channel(ECHO, STEP);
        echo.received.clear();
        Random random = new Random(42);
        int largest = 0;
        for (int listed : SIZES) {
            // A size the peer cannot take is replaced by the largest it can, so its limit itself is tested.
            int size = s.sizeLimit > 0 && listed > s.sizeLimit ? (int) s.sizeLimit : listed;
            if (size <= largest) break;
            for (boolean binary : new boolean[] {false, true}) {
                byte[] payload = new byte[size];
                if (binary) {
                    random.nextBytes(payload);
                    echo.dc.send(payload);
                } else {
                    for (int i = 0; i < size; i++) payload[i] = (byte) ('a' + random.nextInt(26));
                    echo.dc.send(new String(payload, StandardCharsets.US_ASCII));
                }
                String what = size + " B " + (binary ? "binary" : "text");
                RtcDataChannelMessage m = echo.received.poll(STEP.toSeconds(), TimeUnit.SECONDS);
                if (m == null) {
                    row.fail("messages", "no echo of " + what + " within " + STEP.toSeconds() + " s (peer got "
                            + peer.stats().channels().get(ECHO) + ")");
                    return;
                }
                if (m.binary() != binary) {
                    row.fail("messages", what + " came back as " + (m.binary() ? "binary" : "text"));
                    return;
                }
                if (!Arrays.equals(m.data(), payload)) {
                    row.fail("messages", what + " came back as " + m.data().length + " different bytes");
                    return;
                }
            }
            largest = size;
        }
        row.pass("messages", "1 B-" + (largest % 1024 == 0 ? largest / 1024 + " KiB" : largest + " B")
                + " (peer's max-message-size " + (s.peerMaxMessageSize == 0 ? "unlimited" : s.peerMaxMessageSize)
                + (s.peerAnnouncesMaxMessageSize ? "" : " by default")
                + (s.sizeLimit != s.peerMaxMessageSize ? ", reads " + s.sizeLimit : "") + ")");
    }

    private void unordered(InteropMatrix.Row row, Session s) throws Exception {
        Channel c = s.channel(UNORDERED, STEP);
        c.received.clear();
        for (int i = 0; i < 100; i++) c.dc.send("u-" + i);
        Set<String> back = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (back.size() < 100 && System.nanoTime() < deadline) {
            RtcDataChannelMessage m = c.received.poll(100, TimeUnit.MILLISECONDS);
            if (m != null) back.add(m.text());
        }
        if (back.size() == 100) row.pass("unordered", "100/100");
        else row.fail("unordered", back.size() + "/100 came back");
    }

    private void orderedBurst(InteropMatrix.Row row, Session s) throws Exception {
        Channel c = s.channel(ECHO, STEP);
        c.received.clear();
        for (int i = 0; i < 200; i++) c.dc.send("o-" + i);
        for (int i = 0; i < 200; i++) {
            RtcDataChannelMessage m = c.received.poll(STEP.toSeconds(), TimeUnit.SECONDS);
            if (m == null) {
                row.fail("ordered burst", i + "/200 came back");
                return;
            }
            if (!m.text().equals("o-" + i)) {
                row.fail("ordered burst", "message " + i + " came back as " + m.text());
                return;
            }
        }
        row.pass("ordered burst", "200 in order");
    }

    /** The IVF fixture's 30 VP8 frames at 15 fps, with 3 Opus packets of 20 ms after each; the peer counts them. */
    private void media(InteropMatrix.Row row, RemotePeer peer, Session s) {
        int audioSent = 0;
        int videoSent = 0;
        try {
            Vp8Packetizer packetizer = new Vp8Packetizer(1100, 96, 0, 1000);
            IvfReader reader = new IvfReader(new ByteArrayInputStream(ivf));
            byte[] opus = new byte[12 + OPUS_SILENCE.length];
            System.arraycopy(OPUS_SILENCE, 0, opus, 12, OPUS_SILENCE.length);
            RtpHeaderWriter header = new RtpHeaderWriter().payloadType(111);
            int[] packets = new int[1];
            for (IvfFrame f = reader.next(); f != null; f = reader.next()) {
                packetizer.packetize(f.data(), reader.rtpTimestamp(f.pts(), 90000), p -> {
                    s.video.writeRtp(p, 0, p.length);
                    packets[0]++;
                });
                for (int k = 0; k < 3; k++, audioSent++) {
                    header.sequenceNumber(audioSent).timestamp(audioSent * 960L).write(opus, 0);
                    s.audio.writeRtp(opus, 0, opus.length);
                }
                Thread.sleep(1000 / 15);
            }
            videoSent = packets[0];
            PeerStats stats = peer.stats();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((stats.audioPacketsReceived() < audioSent / 2 || stats.videoPacketsReceived() < videoSent / 2)
                    && System.nanoTime() < deadline) {
                Thread.sleep(250);
                stats = peer.stats();
            }
            record(row, "audio", stats.audioPacketsReceived(), audioSent);
            record(row, "video", stats.videoPacketsReceived(), videoSent);
        } catch (Exception e) {
            row.fail("audio", reason(e));
            row.fail("video", reason(e));
        }
    }

    private static void record(InteropMatrix.Row row, String kind, long received, int sent) {
        String detail = received + "/" + sent + " RTP";
        if (received >= sent / 2 && received > 0) row.pass(kind, detail);
        else row.fail(kind, detail);
    }

    private void closeByJrtc(InteropMatrix.Row row, RemotePeer peer, Session s) throws Exception {
        Channel c = s.channel(UNORDERED, STEP);
        c.dc.close();
        c.closed.get(STEP.toSeconds(), TimeUnit.SECONDS);
        peer.awaitChannelClose(UNORDERED, STEP);
        row.pass("close by jrtc", "");
    }

    private void closeByPeer(InteropMatrix.Row row, RemotePeer peer, Session s) throws Exception {
        Channel c = s.channel(ECHO, STEP);
        peer.closeChannel(ECHO);
        peer.awaitChannelClose(ECHO, STEP);
        c.closed.get(STEP.toSeconds(), TimeUnit.SECONDS);
        row.pass("close by peer", "");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The future's value within {@link #STEP}, or an exception naming what did not happen. */
    private static <T> T await(CompletableFuture<T> future, String what) throws Exception {
        try {
            return future.get(STEP.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new java.util.concurrent.TimeoutException("no " + what + " within " + STEP.toSeconds() + " s");
        }
    }

    private interface Check {
        void run() throws Exception;
    }

    private static void check(InteropMatrix.Row row, String name, Check check) {
        try {
            check.run();
        } catch (Exception e) {
            row.fail(name, reason(e));
        }
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.ExecutionException || t instanceof java.util.concurrent.CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (t instanceof java.util.concurrent.TimeoutException && t.getMessage() == null) return "timed out";
        m = m == null ? t.getClass().getSimpleName() : m;
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    /** RFC 8841 §6: the peer's a=max-message-size, 65536 when absent, 0 for no limit. */
    private static long maxMessageSize(String sdp) {
        Matcher m = MAX_MESSAGE_SIZE.matcher(sdp);
        return m.find() ? Long.parseLong(m.group(1)) : 65536;
    }

    /** A jrtc data channel with what it received and when it opened and closed. */
    private static final class Channel {
        final RtcDataChannel dc;
        final BlockingQueue<RtcDataChannelMessage> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Long> opened = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        Channel(RtcDataChannel dc) {
            this.dc = dc;
            dc.onMessage(received::add);
            dc.onOpen(() -> opened.complete(System.nanoTime()));
            dc.onClose(() -> closed.complete(null));
        }
    }

    /** jrtc's side of one case: the PeerConnection, its tracks and channels by label. */
    private static final class Session implements AutoCloseable {
        final PeerConnection pc;
        final MediaStreamTrack audio = MediaStreamTrack.audio("jrtc-audio");
        final MediaStreamTrack video = MediaStreamTrack.video("jrtc-video");
        final Map<String, CompletableFuture<Channel>> channels = new ConcurrentHashMap<>();
        long peerMaxMessageSize;
        boolean peerAnnouncesMaxMessageSize;
        /** The largest message the peer takes: its max-message-size, or less where the stack falls short of it. */
        long sizeLimit;

        final CompletableFuture<Void> gathered = new CompletableFuture<>();

        Session(PeerConnection pc) {
            this.pc = pc;
            pc.onDataChannel(dc -> future(dc.label()).complete(new Channel(dc)));
            pc.onIceGatheringStateChange(state -> {
                if (state == RtcIceGatheringState.COMPLETE) gathered.complete(null);
            });
        }

        /** The local description once gathering is complete: every candidate in it, as non-trickle peers need. */
        String completeLocalSdp() throws Exception {
            await(gathered, "end of jrtc's gathering");
            return pc.localDescription().sdp();
        }

        void create(DataChannelInit init) {
            future(init.label()).complete(new Channel(pc.createDataChannel(init)));
        }

        Channel channel(String label, Duration within) throws Exception {
            return future(label).get(within.toSeconds(), TimeUnit.SECONDS);
        }

        CompletableFuture<Channel> future(String label) {
            return channels.computeIfAbsent(label, k -> new CompletableFuture<>());
        }

        @Override
        public void close() {
            pc.close();
        }
    }
}
