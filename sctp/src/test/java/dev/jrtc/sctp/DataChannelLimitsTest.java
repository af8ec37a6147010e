package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.sctp.datachannel.DataChannelEvent;
import dev.jrtc.sctp.datachannel.DataChannelMessage;
import dev.jrtc.sctp.datachannel.DataChannels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a hostile or broken peer can make DataChannels do: drop and count, never grow without bound (RFC 8831 §6, RFC 8832 §5). */
class DataChannelLimitsTest {
    private final List<DataChannelEvent> events = new ArrayList<>();
    private DataChannels dc;
    private ScriptedPeer peer;

    private void connect(SctpConfig config) {
        dc = new DataChannels(config, true);
        dc.connect(0);
        peer = new ScriptedPeer(b -> dc.handlePacket(0, b, 0, b.length), dc::pollTransmit);
        peer.handshake(ScriptedPeer.webRtcExtensions());
        // The peer (DTLS server) opens channel 1.
        peer.send(peer.message(1, 0, DataChannelMessage.PPID_DCEP, new DataChannelMessage.Open(0, 256, 0, "peer", "").encode()));
        poll();
        assertTrue(events.stream().anyMatch(e -> e instanceof DataChannelEvent.RemoteChannel), "channel 1 open");
    }

    private void poll() {
        for (DataChannelEvent e = dc.pollEvent(); e != null; e = dc.pollEvent()) events.add(e);
    }

    private List<DataChannelEvent.Message> messages() {
        return events.stream().filter(e -> e instanceof DataChannelEvent.Message).map(e -> (DataChannelEvent.Message) e).toList();
    }

    /** An unordered single-chunk message, so the junk needs no stream sequence numbers. */
    private DataChunk junk(int stream, long ppid, byte[] payload) {
        return peer.data(true, true, true, stream, 0, ppid, payload);
    }

    @Test
    void malformedDcepMessagesForNoChannelAndDeprecatedPpidsAreDroppedAndCounted() {
        connect(SctpConfig.defaults(new Random(91)));
        long before = dc.droppedPackets();
        peer.send(junk(3, DataChannelMessage.PPID_DCEP, new byte[] {3, 0}));          // OPEN cut short
        peer.send(junk(5, DataChannelMessage.PPID_DCEP, new byte[] {0x7F}));          // no such DCEP message
        peer.send(junk(1, DataChannelMessage.PPID_DCEP, new byte[] {2}));             // ACK for a channel we did not open
        peer.send(junk(9, DataChannelMessage.PPID_STRING, "lost".getBytes(StandardCharsets.UTF_8))); // no channel on 9
        peer.send(junk(1, DataChannelMessage.PPID_BINARY_PARTIAL_DEPRECATED, new byte[] {1}));
        peer.send(junk(1, DataChannelMessage.PPID_STRING_PARTIAL_DEPRECATED, new byte[] {1}));
        peer.send(junk(1, 99, new byte[] {1}));                                       // not a WebRTC PPID
        peer.send(junk(1, DataChannelMessage.PPID_STRING, "fine".getBytes(StandardCharsets.UTF_8)));
        poll();
        assertEquals(before + 7, dc.droppedPackets());
        assertEquals(1, messages().size());
        assertEquals("fine", new String(messages().get(0).data(), StandardCharsets.UTF_8));
        assertEquals(1, dc.channels().size(), "none of it opened a channel");
        assertTrue(dc.isEstablished());
    }

    @Test
    void endlessFragmentsOfAMessageThatNeverEndsHitTheReassemblyBudget() {
        connect(SctpConfig.defaults(new Random(92)).withLimits(65535, 100_000));
        long before = dc.droppedPackets();
        peer.send(peer.data(false, true, false, 1, 1, DataChannelMessage.PPID_BINARY, new byte[1000]));
        for (int i = 0; i < 2000; i++) {
            peer.send(peer.data(false, false, false, 1, 1, DataChannelMessage.PPID_BINARY, new byte[1000])); // never an end
        }
        SctpAssociation assoc = dc.association();
        assertTrue(assoc.receiveBufferedBytes() <= 100_000, "held: " + assoc.receiveBufferedBytes());
        assertTrue(dc.droppedPackets() - before > 1800, "dropped: " + (dc.droppedPackets() - before));
        assertTrue(dc.isEstablished(), "only the peer's own stream is stuck");
        dc.handleTimeout(dc.pollTimeout());
        assertTrue(messages().isEmpty());
    }

    @Test
    void withDefaultLimitsEndlessFragmentsStopAtTheReceiveWindow() {
        SctpConfig config = SctpConfig.defaults(new Random(93));
        connect(config);
        for (int i = 0; i < 3000; i++) {
            peer.send(peer.data(false, i == 0, false, 1, 1, DataChannelMessage.PPID_BINARY, new byte[1000]));
        }
        assertTrue(dc.association().receiveBufferedBytes() <= config.receiveWindow(), "held: " + dc.association().receiveBufferedBytes());
        // Past the window is flow control (answered with a SACK showing it), not bad input: counted on its own.
        assertTrue(dc.association().receiveWindowDrops() > 1900, "window drops: " + dc.association().receiveWindowDrops());
    }

    @Test
    void orderedMessagesWaitingBehindOneThatNeverComesCountAgainstTheBudgetToo() {
        connect(SctpConfig.defaults(new Random(94)).withLimits(65535, 50_000));
        // SSN 1 never arrives, so SSN 2, 3, ... are complete but must wait: they may not pile up forever.
        for (int ssn = 2; ssn < 1000; ssn++) peer.send(peer.message(1, ssn, DataChannelMessage.PPID_BINARY, new byte[500]));
        assertTrue(dc.association().receiveBufferedBytes() <= 50_000, "held: " + dc.association().receiveBufferedBytes());
        assertTrue(dc.droppedPackets() > 800);
        poll();
        assertTrue(messages().isEmpty());
    }
}
