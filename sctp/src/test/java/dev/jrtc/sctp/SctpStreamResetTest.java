package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Stream reset with RE-CONFIG (RFC 6525 §5), both as the requester and as the peer being asked. */
class SctpStreamResetTest {
    private long now;
    private final SctpAssociation victim = new SctpAssociation(SctpConfig.defaults(new Random(71)));
    private final ScriptedPeer peer = new ScriptedPeer(b -> victim.handlePacket(now, b, 0, b.length), victim::pollTransmit);

    private List<SctpEvent> events() {
        List<SctpEvent> out = new ArrayList<>();
        for (SctpEvent e = victim.pollEvent(); e != null; e = victim.pollEvent()) out.add(e);
        return out;
    }

    private static List<ReconfigResponse> responses(List<SctpPacket> packets) {
        List<ReconfigResponse> out = new ArrayList<>();
        for (ReconfigChunk c : ScriptedPeer.chunks(packets, ReconfigChunk.class)) {
            for (SctpParameter p : c.parameters()) {
                ReconfigResponse r = ReconfigResponse.from(p);
                if (r != null) out.add(r);
            }
        }
        return out;
    }

    private static List<OutgoingSsnResetRequest> requests(List<SctpPacket> packets) {
        List<OutgoingSsnResetRequest> out = new ArrayList<>();
        for (ReconfigChunk c : ScriptedPeer.chunks(packets, ReconfigChunk.class)) {
            for (SctpParameter p : c.parameters()) {
                OutgoingSsnResetRequest r = OutgoingSsnResetRequest.from(p);
                if (r != null) out.add(r);
            }
        }
        return out;
    }

    @Test
    void thePeersResetRestartsOurIncomingSequenceNumbersAndIsReported() {
        peer.handshake(ScriptedPeer.webRtcExtensions());
        events();
        peer.send(peer.message(3, 0, 51, new byte[] {1}), peer.message(3, 1, 51, new byte[] {2}));
        peer.send(peer.resetRequest(3));
        List<SctpPacket> out = peer.drain();
        List<SctpEvent> ev = events();
        assertEquals(2, ev.stream().filter(e -> e instanceof SctpEvent.Message).count());
        SctpEvent.StreamsReset reset = (SctpEvent.StreamsReset) ev.get(ev.size() - 1);
        assertArrayEquals(new int[] {3}, reset.streamIds());
        assertEquals(ReconfigResponse.SUCCESS_PERFORMED, responses(out).get(0).result());
        assertEquals(ScriptedPeer.INITIAL_TSN, responses(out).get(0).responseSequence(), "the first request carries the initial TSN");

        peer.send(peer.message(3, 0, 51, new byte[] {3}));
        assertArrayEquals(new byte[] {3}, ((SctpEvent.Message) events().get(0)).data(), "sequence numbers start again at 0");
    }

    @Test
    void aResetAheadOfItsDataIsInProgressUntilTheDataArrives() {
        peer.handshake(ScriptedPeer.webRtcExtensions());
        events();
        DataChunk late = peer.message(5, 0, 51, new byte[] {1});
        OutgoingSsnResetRequest req = new OutgoingSsnResetRequest(ScriptedPeer.INITIAL_TSN, 0, late.tsn(), List.of(5));
        peer.send(new ReconfigChunk(List.of(req.toParameter())));
        assertEquals(ReconfigResponse.IN_PROGRESS, responses(peer.drain()).get(0).result());
        assertTrue(events().isEmpty());

        peer.send(late);
        peer.send(new ReconfigChunk(List.of(req.toParameter()))); // asked again, same sequence number
        assertEquals(ReconfigResponse.SUCCESS_PERFORMED, responses(peer.drain()).get(0).result());
        List<SctpEvent> ev = events();
        assertTrue(ev.get(0) instanceof SctpEvent.Message);
        assertTrue(ev.get(1) instanceof SctpEvent.StreamsReset);

        peer.send(new ReconfigChunk(List.of(req.toParameter()))); // a retransmission: same answer, nothing reset twice
        assertEquals(ReconfigResponse.SUCCESS_PERFORMED, responses(peer.drain()).get(0).result());
        assertTrue(events().isEmpty());
        OutgoingSsnResetRequest wild = new OutgoingSsnResetRequest(ScriptedPeer.INITIAL_TSN + 7, 0, late.tsn(), List.of(5));
        peer.send(new ReconfigChunk(List.of(wild.toParameter())));
        assertEquals(ReconfigResponse.ERROR_BAD_SEQUENCE_NUMBER, responses(peer.drain()).get(0).result());
    }

    @Test
    void aRetryAfterInProgressMayAlsoComeWithTheNextSequenceNumber() {
        peer.handshake(ScriptedPeer.webRtcExtensions());
        events();
        DataChunk late = peer.message(5, 0, 51, new byte[1]);
        peer.send(new ReconfigChunk(List.of(new OutgoingSsnResetRequest(ScriptedPeer.INITIAL_TSN, 0, late.tsn(), List.of(5)).toParameter())));
        assertEquals(ReconfigResponse.IN_PROGRESS, responses(peer.drain()).get(0).result());
        peer.send(late);
        peer.send(new ReconfigChunk(List.of(new OutgoingSsnResetRequest(ScriptedPeer.INITIAL_TSN + 1, 0, late.tsn(), List.of(5)).toParameter())));
        assertEquals(ReconfigResponse.SUCCESS_PERFORMED, responses(peer.drain()).get(0).result());
        assertTrue(events().stream().anyMatch(e -> e instanceof SctpEvent.StreamsReset));
    }

    @Test
    void aResetPerformedOnRetransmissionIsNotPerformedAgainWhenAskedUnderTheNextNumber() {
        // The race: "In progress" for N crosses the peer's timeout retransmission of N, which we then perform; the
        // peer, seeing "In progress", asks again as N+1 for the very same reset.
        peer.handshake(ScriptedPeer.webRtcExtensions());
        events();
        DataChunk late = peer.message(5, 0, 51, new byte[1]);
        OutgoingSsnResetRequest n = new OutgoingSsnResetRequest(ScriptedPeer.INITIAL_TSN, 0, late.tsn(), List.of(5));
        peer.send(new ReconfigChunk(List.of(n.toParameter())));
        assertEquals(ReconfigResponse.IN_PROGRESS, responses(peer.drain()).get(0).result());
        peer.send(late);
        peer.send(new ReconfigChunk(List.of(n.toParameter())));
        assertEquals(ReconfigResponse.SUCCESS_PERFORMED, responses(peer.drain()).get(0).result());
        assertEquals(1, events().stream().filter(e -> e instanceof SctpEvent.StreamsReset).count());
        OutgoingSsnResetRequest again = new OutgoingSsnResetRequest(ScriptedPeer.INITIAL_TSN + 1, 0, late.tsn(), List.of(5));
        peer.send(new ReconfigChunk(List.of(again.toParameter())));
        assertEquals(ReconfigResponse.SUCCESS_PERFORMED, responses(peer.drain()).get(0).result());
        assertTrue(events().isEmpty(), "not reset a second time");
        // A later, real reset of the same stream is performed as usual.
        peer.send(peer.message(5, 0, 51, new byte[1]));
        peer.send(new ReconfigChunk(List.of(new OutgoingSsnResetRequest(ScriptedPeer.INITIAL_TSN + 2, 0, peer.nextTsn() - 1,
                List.of(5)).toParameter())));
        assertEquals(ReconfigResponse.SUCCESS_PERFORMED, responses(peer.drain()).get(0).result());
        assertEquals(1, events().stream().filter(e -> e instanceof SctpEvent.StreamsReset).count());
    }

    @Test
    void ourResetWaitsForQueuedDataIsRepeatedUntilAnsweredAndRestartsOurSequenceNumbers() {
        peer.handshake(ScriptedPeer.webRtcExtensions());
        events();
        assertTrue(victim.peerSupportsStreamReset());
        for (int i = 0; i < 3; i++) victim.send(now, 2, 51, new byte[] {(byte) i}, false);
        victim.resetStreams(now, 2);
        assertThrows(IllegalStateException.class, () -> victim.send(now, 2, 51, new byte[1], false), "no sending while it resets");
        List<SctpPacket> out = peer.drain();
        List<DataChunk> data = ScriptedPeer.chunks(out, DataChunk.class);
        List<OutgoingSsnResetRequest> req = requests(out);
        assertEquals(3, data.size());
        assertEquals(1, req.size());
        assertEquals(List.of(2), req.get(0).streamIds());
        assertEquals(data.get(2).tsn(), req.get(0).lastAssignedTsn(), "the reset follows the last DATA of the stream");

        // Unanswered, it is sent again with the same sequence number.
        now = victim.pollTimeout();
        victim.handleTimeout(now);
        List<OutgoingSsnResetRequest> again = requests(peer.drain());
        assertEquals(req.get(0).requestSequence(), again.get(again.size() - 1).requestSequence());

        peer.send(new ReconfigChunk(List.of(new ReconfigResponse(req.get(0).requestSequence(), ReconfigResponse.IN_PROGRESS).toParameter())));
        assertTrue(events().isEmpty());
        // "In progress": asked again after a while, under the next sequence number.
        now = victim.pollTimeout();
        victim.handleTimeout(now);
        List<OutgoingSsnResetRequest> retry = requests(peer.drain());
        assertEquals(1, retry.size());
        assertEquals(req.get(0).requestSequence() + 1, retry.get(0).requestSequence());
        assertEquals(req.get(0).lastAssignedTsn(), retry.get(0).lastAssignedTsn());
        peer.send(new ReconfigChunk(List.of(new ReconfigResponse(req.get(0).requestSequence(), ReconfigResponse.SUCCESS_PERFORMED).toParameter())));
        assertTrue(events().isEmpty(), "an answer to the old number is stale");
        peer.send(new ReconfigChunk(List.of(new ReconfigResponse(retry.get(0).requestSequence(), ReconfigResponse.SUCCESS_PERFORMED).toParameter())));
        List<SctpEvent> ev = events();
        SctpEvent.OutgoingStreamsReset done = (SctpEvent.OutgoingStreamsReset) ev.get(ev.size() - 1);
        assertArrayEquals(new int[] {2}, done.streamIds());
        assertEquals(0, victim.bufferedAmount(2), "the peer had it all: settled even though no SACK said so yet");
        assertEquals(0, victim.bufferedAmount());
        peer.send(new SackChunk(data.get(2).tsn(), 1 << 20, List.of(), List.of())); // the late SACK changes nothing
        assertEquals(0, victim.bufferedAmount(2));

        victim.send(now, 2, 51, new byte[] {9}, false);
        List<DataChunk> after = ScriptedPeer.chunks(peer.drain(), DataChunk.class);
        assertEquals(0, after.get(after.size() - 1).streamSequence(), "sequence numbers start again at 0");
    }

    @Test
    void aPeerWithoutReconfigCannotBeAskedToReset() {
        peer.handshake(List.of());
        assertFalse(victim.peerSupportsStreamReset());
        assertFalse(victim.peerSupportsPartialReliability());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> victim.resetStreams(now, 1));
        assertTrue(e.getMessage().contains("RE-CONFIG"), e.getMessage());
    }
}
