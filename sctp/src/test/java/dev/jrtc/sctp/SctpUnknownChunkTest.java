package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Chunks a receiver does not know, handled by the two high bits of their type (RFC 9260 §3.2), and bad streams (§6.5). */
class SctpUnknownChunkTest {
    private final SctpAssociation victim = new SctpAssociation(SctpConfig.defaults(new Random(61)).withLimits(16, 1 << 21));
    private final ScriptedPeer peer = new ScriptedPeer(b -> victim.handlePacket(0, b, 0, b.length), victim::pollTransmit);

    private List<SctpEvent.Message> messages() {
        List<SctpEvent.Message> out = new java.util.ArrayList<>();
        for (SctpEvent e = victim.pollEvent(); e != null; e = victim.pollEvent()) {
            if (e instanceof SctpEvent.Message m) out.add(m);
        }
        return out;
    }

    private static List<byte[]> causes(List<SctpPacket> packets, int code) {
        return ScriptedPeer.chunks(packets, ErrorChunk.class).stream().map(ErrorChunk::causes)
                .filter(c -> c.length >= 4 && ((c[0] & 0xFF) << 8 | (c[1] & 0xFF)) == code).toList();
    }

    @Test
    void theTwoHighTypeBitsSayWhetherToStopAndWhetherToReport() {
        peer.handshake(ScriptedPeer.webRtcExtensions());
        messages();
        // 00: stop here, say nothing. The DATA after it is never looked at.
        peer.send(new UnknownChunk(0x3F, 0, new byte[] {1, 2, 3}), peer.message(0, 0, 51, new byte[] {10}));
        List<SctpPacket> out = peer.drain();
        assertTrue(messages().isEmpty());
        assertTrue(causes(out, 6).isEmpty());

        // 01: stop here and report it in an ERROR (Unrecognized Chunk Type, cause 6, carrying the chunk).
        peer.send(new UnknownChunk(0x7F, 0, new byte[] {4, 5, 6, 7}), peer.message(0, 0, 51, new byte[] {11}));
        out = peer.drain();
        assertTrue(messages().isEmpty());
        List<byte[]> reported = causes(out, 6);
        assertEquals(1, reported.size());
        assertArrayEquals(new byte[] {0, 6, 0, 12, 0x7F, 0, 0, 8, 4, 5, 6, 7}, reported.get(0));

        // 10: skip it and go on, silently. The TSNs of the two dropped DATA chunks are sent again first.
        long tsn = peer.nextTsn();
        peer.send(new UnknownChunk(0xBF, 0, new byte[0]),
                new DataChunk(false, false, true, true, tsn - 2, 0, 0, 51, new byte[] {12}),
                new DataChunk(false, false, true, true, tsn - 1, 0, 1, 51, new byte[] {13}));
        out = peer.drain();
        assertEquals(2, messages().size());
        assertTrue(causes(out, 6).isEmpty());

        // 11: skip it, go on, and report it.
        peer.send(new UnknownChunk(0xFF, 0, new byte[] {9}), peer.message(0, 2, 51, new byte[] {14}));
        out = peer.drain();
        assertEquals(1, messages().size());
        assertEquals(1, causes(out, 6).size());
        assertEquals(4, victim.unrecognizedChunks());
        assertEquals(SctpAssociation.State.ESTABLISHED, victim.state());
    }

    @Test
    void dataOnAStreamBeyondTheInboundLimitIsAcknowledgedReportedAndDropped() {
        peer.handshake(ScriptedPeer.webRtcExtensions());
        messages();
        long dropped = victim.droppedPackets();
        long tsn = peer.nextTsn();
        peer.send(peer.message(16, 0, 51, new byte[] {1})); // streams 0..15 only
        List<SctpPacket> out = peer.drain();
        assertTrue(messages().isEmpty());
        assertEquals(dropped + 1, victim.droppedPackets());
        List<byte[]> invalid = causes(out, 1);
        assertEquals(1, invalid.size(), "Invalid Stream Identifier");
        assertArrayEquals(new byte[] {0, 1, 0, 8, 0, 16, 0, 0}, invalid.get(0));
        victim.handleTimeout(victim.pollTimeout()); // the delayed SACK (RFC 9260 §6.2)
        List<SackChunk> sacks = ScriptedPeer.chunks(peer.drain(), SackChunk.class);
        assertEquals(tsn, sacks.get(sacks.size() - 1).cumulativeTsnAck(), "acknowledged all the same");
        peer.send(peer.message(15, 0, 51, new byte[] {2}));
        assertEquals(1, messages().size(), "the next stream still works");
    }

    @Test
    void malformedPacketsAndChunksAreDroppedAndCounted() {
        peer.handshake(ScriptedPeer.webRtcExtensions());
        long dropped = victim.droppedPackets();
        byte[] good = new SctpPacket(5000, 5000, peer.victimTag(), List.of(peer.message(0, 0, 51, new byte[] {1}))).serialize();
        byte[] badChecksum = good.clone();
        badChecksum[8] ^= 1;
        victim.handlePacket(0, badChecksum, 0, badChecksum.length);
        byte[] wrongTag = new SctpPacket(5000, 5000, peer.victimTag() + 1, List.of(peer.message(0, 0, 51, new byte[] {1}))).serialize();
        victim.handlePacket(0, wrongTag, 0, wrongTag.length);
        byte[] malformedReconfig = new SctpPacket(5000, 5000, peer.victimTag(),
                List.of(new ReconfigChunk(List.of(new SctpParameter(SctpParameter.OUTGOING_SSN_RESET_REQUEST, new byte[3]))))).serialize();
        victim.handlePacket(0, malformedReconfig, 0, malformedReconfig.length);
        victim.handlePacket(0, new byte[5], 0, 5);
        assertEquals(dropped + 4, victim.droppedPackets());
        assertTrue(messages().isEmpty());
        assertEquals(SctpAssociation.State.ESTABLISHED, victim.state());
    }
}
