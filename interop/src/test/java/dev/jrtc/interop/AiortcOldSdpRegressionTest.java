package dev.jrtc.interop;

import static dev.jrtc.interop.EchoSession.ECHO;
import static dev.jrtc.interop.EchoSession.UNORDERED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.interop.peer.PeerKind;
import dev.jrtc.interop.peer.RemotePeer;
import dev.jrtc.interop.peer.WithPeer;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcDataChannel;
import dev.jrtc.peerconnection.RtcDataChannelMessage;
import dev.jrtc.peerconnection.RtcException;
import dev.jrtc.peerconnection.RtcSettings;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Regression for the aiortc 1.4 report: aiortc offers its data channels in the older SDP form
 * ({@code m=application <port> DTLS/SCTP 5000} with {@code a=sctpmap:5000 webrtc-datachannel 65535}), jrtc rejected
 * the section and setLocalDescription failed with "InvalidAccessError: the description has no accepted m-section".
 * jrtc now answers in the same form; aiortc applies the answer, the channels open and carry messages up to the
 * 64 KiB aiortc announces in a=max-message-size (RFC 8841 §6), which jrtc then enforces on what it sends. Behind the
 * SDP failure hid the libdatachannel one: aiortc also reads one DTLS record per datagram ({@code ssl.recv} once per
 * {@code bio_write}), so before the dtls fix this test stalled at 16 KiB.
 */
@WithPeer(PeerKind.AIORTC)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AiortcOldSdpRegressionTest {
    private static final int[] SIZES = {1, 1024, 16 * 1024, 64 * 1024};
    /** Generous for a loaded 2-core machine; opens took 0.05-0.46 s here. */
    private static final long OPEN_BOUND_MILLIS = 2000;

    private PeerConnectionFactory factory;

    @BeforeAll
    void start() throws Exception {
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1));
        EchoSession.warmUp(factory);
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void jrtcAnswersTheSctpmapOfferInKindAndEveryEchoComesBack(RemotePeer aiortc) throws Exception {
        try (EchoSession s = EchoSession.peerOffers(factory, aiortc)) {
            assertTrue(s.offer.contains(" DTLS/SCTP 5000\r\n") && s.offer.contains("a=sctpmap:5000 webrtc-datachannel"),
                    "aiortc 1.4 offers the older form:\n" + s.offer);
            assertTrue(s.answer.contains("m=application 9 DTLS/SCTP 5000\r\n"), s.answer);
            assertTrue(s.answer.contains("a=sctpmap:5000 webrtc-datachannel 65535\r\n"), s.answer);
            assertFalse(s.answer.contains("a=sctp-port"), s.answer);
            long openMillis = TimeUnit.NANOSECONDS.toMillis(s.openNanos);
            System.out.println("aiortc offer (a=sctpmap), jrtc answer: both channels open on both sides " + openMillis
                    + " ms after the answer");
            assertTrue(openMillis < OPEN_BOUND_MILLIS, "channels opened " + openMillis + " ms after the answer");

            RtcDataChannel echo = s.channel(ECHO);
            echo.send("hello");
            RtcDataChannelMessage text = s.nextEcho(ECHO);
            assertNotNull(text, "no echo of a text message");
            assertEquals("hello", text.text());
            Random random = new Random(11);
            for (int size : SIZES) {
                byte[] payload = new byte[size];
                random.nextBytes(payload);
                echo.send(payload);
                RtcDataChannelMessage m = s.nextEcho(ECHO);
                assertNotNull(m, "no echo of " + size + " B binary");
                assertTrue(m.binary(), size + " B came back as text");
                assertArrayEquals(payload, m.data(), size + " B came back changed");
            }
            RtcException tooBig = assertThrows(RtcException.class, () -> echo.send(new byte[256 * 1024]),
                    "aiortc's a=max-message-size:65536 is enforced");
            assertEquals("TypeError", tooBig.errorName());

            RtcDataChannel unordered = s.channel(UNORDERED);
            for (int i = 0; i < 100; i++) unordered.send("u-" + i);
            Set<String> back = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (back.size() < 100 && System.nanoTime() < deadline) {
                RtcDataChannelMessage m = s.nextEcho(UNORDERED, 100);
                if (m != null) back.add(m.text());
            }
            assertEquals(100, back.size(), "unordered messages that came back (loopback loses none)");

            for (int i = 0; i < 200; i++) echo.send("o-" + i);
            for (int i = 0; i < 200; i++) {
                RtcDataChannelMessage m = s.nextEcho(ECHO);
                assertNotNull(m, "ordered burst: " + i + "/200 came back");
                assertEquals("o-" + i, m.text(), "ordered burst out of order");
            }
        }
    }
}
