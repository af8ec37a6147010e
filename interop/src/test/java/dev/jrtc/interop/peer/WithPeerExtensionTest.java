package dev.jrtc.interop.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcDataChannel;
import dev.jrtc.peerconnection.RtcDataChannelMessage;
import dev.jrtc.peerconnection.RtcIceGatheringState;
import dev.jrtc.peerconnection.RtcSessionDescription;
import dev.jrtc.peerconnection.RtcSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link WithPeer} extension as a user meets it: peers are resolved from the class, method or parameter
 * annotation, they echo, their processes end with the test (also a hung or killed one), protocol errors come back
 * as {@link PeerException}s, and a stack that is not installed fails with the command that installs it.
 */
@WithPeer(PeerKind.WERIFT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WithPeerExtensionTest {
    private PeerConnectionFactory factory;
    /** Processes of earlier tests, which must be gone by the last test. */
    private final List<ProcessHandle> started = new ArrayList<>();

    @BeforeAll
    void start() {
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(true));
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    @Test
    @Order(1)
    void theClassPeerAnswersAndEchoes(RemotePeer peer) throws Exception {
        assertEquals(PeerKind.WERIFT, peer.kind());
        assertTrue(peer.version().startsWith("werift 0.25.2"), peer.version());
        started.add(ProcessHandle.of(peer.pid()).orElseThrow());
        try (PeerConnection pc = factory.createPeerConnection(RtcConfiguration.defaults())) {
            RtcDataChannel dc = pc.createDataChannel("echo");
            BlockingQueue<RtcDataChannelMessage> back = new LinkedBlockingQueue<>();
            CompletableFuture<Void> open = new CompletableFuture<>();
            dc.onMessage(back::add);
            dc.onOpen(() -> open.complete(null));
            // As the package documentation shows: the peers are non-trickle, so the offer goes once gathering is done.
            CompletableFuture<Void> gathered = new CompletableFuture<>();
            pc.onIceGatheringStateChange(st -> {
                if (st == RtcIceGatheringState.COMPLETE) gathered.complete(null);
            });
            pc.setLocalDescription().get(10, TimeUnit.SECONDS);
            gathered.get(10, TimeUnit.SECONDS);
            assertTrue(pc.localDescription().sdp().contains("a=candidate:"), pc.localDescription().sdp());
            String answer = peer.createAnswer(pc.localDescription().sdp());
            for (String line : answer.split("\r\n")) {
                if (line.startsWith("a=candidate:")) assertTrue(line.contains(" 127.0.0.1 ") || line.contains(" ::1 "), line);
            }
            pc.setRemoteDescription(RtcSessionDescription.answer(answer)).get(10, TimeUnit.SECONDS);
            open.get(15, TimeUnit.SECONDS);
            assertEquals("echo", peer.awaitChannelOpen("echo", Duration.ofSeconds(15)).label());
            dc.send("hello");
            dc.send(new byte[] {1, 2, 3});
            RtcDataChannelMessage text = back.poll(15, TimeUnit.SECONDS);
            RtcDataChannelMessage binary = back.poll(15, TimeUnit.SECONDS);
            assertNotNull(text);
            assertNotNull(binary);
            assertEquals("hello", text.text());
            assertFalse(text.binary());
            assertTrue(binary.binary());
            assertEquals(List.of((byte) 1, (byte) 2, (byte) 3), List.of(binary.data()[0], binary.data()[1], binary.data()[2]));
            PeerStats stats = peer.stats();
            assertEquals(2, stats.channels().get("echo").messagesReceived());
            assertEquals(8, stats.channels().get("echo").bytesReceived());
            peer.awaitConnectionState("connected", Duration.ofSeconds(5));
        }
    }

    @Test
    @Order(2)
    @WithPeer(PeerKind.AIORTC)
    void theMethodAnnotationWinsOverTheClass(RemotePeer peer) {
        assertEquals(PeerKind.AIORTC, peer.kind());
        started.add(ProcessHandle.of(peer.pid()).orElseThrow());
    }

    @Test
    @Order(3)
    void parametersCanNameTheirOwnStacks(@WithPeer(PeerKind.PION) RemotePeer pion, @WithPeer(PeerKind.LIBWEBRTC) RemotePeer libwebrtc,
                                         RemotePeer werift) {
        assertEquals(PeerKind.PION, pion.kind());
        assertEquals(PeerKind.LIBWEBRTC, libwebrtc.kind());
        assertEquals(PeerKind.WERIFT, werift.kind());
        assertNotEquals(pion.pid(), libwebrtc.pid());
        for (RemotePeer p : List.of(pion, libwebrtc, werift)) started.add(ProcessHandle.of(p.pid()).orElseThrow());
    }

    @Test
    @Order(4)
    void aPeerErrorIsAPeerException(RemotePeer peer) {
        started.add(ProcessHandle.of(peer.pid()).orElseThrow());
        PeerException e = assertThrows(PeerException.class, () -> peer.closeChannel("nope"));
        assertTrue(e.getMessage().contains("no channel 'nope'"), e.getMessage());
        assertTrue(peer.isAlive(), "an error answer leaves the peer running");
    }

    /** A stopped (hung) peer fails the call within its timeout, and close() still ends it. */
    @Test
    @Order(5)
    void aHungPeerTimesOutAndIsKilled() throws Exception {
        RemotePeer peer = RemotePeer.start(PeerKind.PION, new PeerInstaller(), Duration.ofSeconds(2));
        ProcessHandle process = ProcessHandle.of(peer.pid()).orElseThrow();
        try {
            assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(peer.pid())).start().waitFor());
            long t0 = System.nanoTime();
            PeerException e = assertThrows(PeerException.class, peer::stats);
            assertTrue(e.getMessage().contains("no answer to 'stats' within PT2S"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
        } finally {
            peer.close();
        }
        assertFalse(process.isAlive(), "close() ends a stopped peer");
    }

    /** A peer that dies fails what is pending at once, with its exit code. */
    @Test
    @Order(6)
    void aKilledPeerFailsItsCalls(RemotePeer peer) throws Exception {
        started.add(ProcessHandle.of(peer.pid()).orElseThrow());
        assertEquals(0, new ProcessBuilder("kill", "-KILL", Long.toString(peer.pid())).start().waitFor());
        long t0 = System.nanoTime();
        PeerException e = assertThrows(PeerException.class,
                () -> peer.awaitChannelOpen("never", Duration.ofSeconds(20)));
        assertTrue(e.getMessage().contains("exit code 137"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "noticed the exit, not the timeout");
        assertThrows(PeerException.class, peer::stats);
    }

    @Test
    @Order(7)
    void aMissingStackNamesItsInstallCommand(@TempDir Path home) {
        PeerInstaller empty = new PeerInstaller(home);
        PeerNotInstalledException e = assertThrows(PeerNotInstalledException.class,
                () -> RemotePeer.start(PeerKind.PION, empty, Duration.ofSeconds(5)));
        assertTrue(e.installCommand().contains("-Djrtc.interop.home=" + home), e.installCommand());
        assertTrue(e.installCommand().contains(PeerInstaller.class.getName() + " PION"), e.installCommand());
        assertTrue(e.getMessage().contains(e.installCommand()), e.getMessage());
        // The program is there to build: the command needs nothing but the network (and not even that for pion).
        try (var files = Files.walk(home)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("main.go")));
        } catch (java.io.IOException io) {
            throw new java.io.UncheckedIOException(io);
        }
    }

    @Test
    @Order(8)
    void everyEarlierPeerProcessIsGone() {
        assertEquals(7, started.size(), "peers recorded by the earlier tests");
        for (ProcessHandle p : started) assertFalse(p.isAlive(), "peer process " + p.pid() + " outlived its test");
    }
}
