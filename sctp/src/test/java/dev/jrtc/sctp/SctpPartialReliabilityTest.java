package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PR-SCTP (RFC 3758) chunk by chunk: what the sender abandons and announces, and what the receiver does with it. */
class SctpPartialReliabilityTest {
    private long now;
    private final SctpAssociation victim = new SctpAssociation(SctpConfig.defaults(new Random(81)));
    private final ScriptedPeer peer = new ScriptedPeer(b -> victim.handlePacket(now, b, 0, b.length), victim::pollTransmit);

    private List<SctpEvent.Message> messages() {
        List<SctpEvent.Message> out = new ArrayList<>();
        for (SctpEvent e = victim.pollEvent(); e != null; e = victim.pollEvent()) {
            if (e instanceof SctpEvent.Message m) out.add(m);
        }
        return out;
    }

    private SackChunk sack(long cumulativeTsn) {
        return new SackChunk(cumulativeTsn & 0xFFFFFFFFL, 1 << 20, List.of(), List.of());
    }

    @Test
    void forwardTsnDropsPartialMessagesAndLetsOrderedDeliverySkipTheAbandonedOne() {
        peer.handshake(ScriptedPeer.webRtcExtensions());
        messages();
        // Stream 1: SSN 0 in two fragments whose second is lost for good; SSN 1 complete, held behind it.
        peer.send(peer.data(false, true, false, 1, 0, 53, new byte[100]));
        long lostTsn = peer.nextTsn();
        peer.data(false, false, true, 1, 0, 53, new byte[100]); // never sent
        peer.send(peer.message(1, 1, 53, new byte[] {7}));
        // An unordered message on stream 2 of which only the first fragment arrives.
        peer.send(peer.data(true, true, false, 2, 0, 53, new byte[50]));
        long unorderedTsn = peer.nextTsn() - 1;
        assertTrue(messages().isEmpty());
        assertEquals(151, victim.receiveBufferedBytes());

        peer.send(new ForwardTsnChunk(lostTsn, List.of(new ForwardTsnChunk.StreamSkip(1, 0))));
        List<SctpEvent.Message> got = messages();
        assertEquals(1, got.size(), "SSN 1 is no longer held behind the abandoned SSN 0");
        assertArrayEquals(new byte[] {7}, got.get(0).data());
        assertEquals(50, victim.receiveBufferedBytes(), "the abandoned fragment is gone, the unordered one still waits");

        peer.send(new ForwardTsnChunk(unorderedTsn, List.of()));
        assertEquals(0, victim.receiveBufferedBytes());
        List<SackChunk> sacks = ScriptedPeer.chunks(peer.drain(), SackChunk.class);
        assertEquals(unorderedTsn, sacks.get(sacks.size() - 1).cumulativeTsnAck(), "acknowledged up to the new cumulative TSN");
        assertEquals(2, victim.forwardTsnsReceived());
        peer.send(peer.message(1, 2, 53, new byte[] {8}));
        assertEquals(1, messages().size(), "the stream goes on from SSN 2");
    }

    @Test
    void theSenderAbandonsEveryFragmentAndAnnouncesTheSkippedSequenceNumber() {
        peer.handshake(ScriptedPeer.webRtcExtensions());
        victim.send(now, 4, 53, new byte[3000], SctpSendOptions.maxRetransmissions(false, 0)); // three fragments
        List<DataChunk> sent = ScriptedPeer.chunks(peer.drain(), DataChunk.class);
        assertEquals(3, sent.size());
        assertEquals(3000, victim.bufferedAmount(4));
        peer.send(sack(sent.get(0).tsn())); // only the first fragment arrived
        assertEquals(3000 - sent.get(0).payload().length, victim.bufferedAmount(4));

        now = victim.pollTimeout(); // T3: retransmitting would break the limit of 0
        victim.handleTimeout(now);
        List<SctpPacket> out = peer.drain();
        assertTrue(ScriptedPeer.chunks(out, DataChunk.class).isEmpty(), "nothing retransmitted");
        ForwardTsnChunk fwd = ScriptedPeer.chunks(out, ForwardTsnChunk.class).get(0);
        assertEquals(sent.get(2).tsn(), fwd.newCumulativeTsn());
        assertEquals(List.of(new ForwardTsnChunk.StreamSkip(4, 0)), fwd.skips());
        assertEquals(0, victim.bufferedAmount(4));
        assertEquals(0, victim.bufferedAmount());
        assertEquals(1, victim.abandonedMessages());

        peer.send(sack(fwd.newCumulativeTsn()));
        victim.send(now, 4, 53, new byte[10], SctpSendOptions.reliable(false));
        assertEquals(1, ScriptedPeer.chunks(peer.drain(), DataChunk.class).get(0).streamSequence());
    }

    @Test
    void anExpiredMessageThatWasNeverSentVanishesWithoutUsingASequenceNumber() {
        peer.handshake(ScriptedPeer.webRtcExtensions());
        victim.send(now, 0, 53, new byte[20_000], SctpSendOptions.reliable(false)); // more than the first window
        victim.send(now, 5, 53, new byte[10], SctpSendOptions.maxLifetime(false, 10));
        List<DataChunk> first = ScriptedPeer.chunks(peer.drain(), DataChunk.class);
        assertTrue(first.stream().noneMatch(d -> d.streamId() == 5), "still queued behind the window");
        now += 50_000_000; // 50 ms: past its 10 ms lifetime
        // The peer acknowledges everything as it comes; the queue drains and reaches the expired message.
        List<DataChunk> sent = new ArrayList<>(first);
        peer.send(sack(first.get(first.size() - 1).tsn()));
        for (int i = 0; i < 100 && victim.bufferedAmount(0) > 0; i++) {
            List<SctpPacket> out = peer.drain();
            assertTrue(ScriptedPeer.chunks(out, ForwardTsnChunk.class).isEmpty(), "nothing to tell the peer");
            List<DataChunk> d = ScriptedPeer.chunks(out, DataChunk.class);
            sent.addAll(d);
            if (!d.isEmpty()) peer.send(sack(d.get(d.size() - 1).tsn()));
        }
        assertEquals(0, victim.bufferedAmount(0));
        assertTrue(sent.stream().noneMatch(d -> d.streamId() == 5), "the expired message never went out");
        assertEquals(0, victim.bufferedAmount(5));
        assertEquals(1, victim.abandonedMessages());
        victim.send(now, 5, 53, new byte[10], SctpSendOptions.reliable(false));
        List<DataChunk> next = ScriptedPeer.chunks(peer.drain(), DataChunk.class);
        assertEquals(5, next.get(0).streamId());
        assertEquals(0, next.get(0).streamSequence(), "the next message takes SSN 0: the expired one used none");
    }

    @Test
    void aMessageAbandonedHalfwaySendsAPlaceholderEndSoThePeerCanSkipIt() {
        peer.handshake(ScriptedPeer.webRtcExtensions());
        victim.send(now, 6, 53, new byte[20_000], SctpSendOptions.maxLifetime(false, 100)); // 18 fragments, 4 fit the window
        List<DataChunk> first = ScriptedPeer.chunks(peer.drain(), DataChunk.class);
        assertTrue(first.size() > 0 && first.size() < 18, "sent: " + first.size());
        now += 200_000_000; // past its lifetime, with everything sent so far acknowledged
        peer.send(sack(first.get(first.size() - 1).tsn()));
        List<SctpPacket> out = peer.drain();
        assertTrue(ScriptedPeer.chunks(out, DataChunk.class).isEmpty(), "the rest is never sent");
        ForwardTsnChunk fwd = ScriptedPeer.chunks(out, ForwardTsnChunk.class).get(0);
        assertEquals((first.get(first.size() - 1).tsn() + 1) & 0xFFFFFFFFL, fwd.newCumulativeTsn(), "covers the placeholder end");
        assertEquals(List.of(new ForwardTsnChunk.StreamSkip(6, 0)), fwd.skips());
        assertEquals(0, victim.bufferedAmount());
        peer.send(sack(fwd.newCumulativeTsn()));
        assertEquals(Long.MAX_VALUE, victim.pollTimeout(), "nothing left outstanding");
    }

    @Test
    void aReceiverHoldingTheSentHalfOfAnAbandonedMessageReleasesIt() {
        // The other side of the test above, between two real associations: the ordered stream must not block.
        peer.handshake(ScriptedPeer.webRtcExtensions());
        messages();
        peer.send(peer.data(false, true, false, 6, 0, 53, new byte[100]));
        peer.send(peer.message(6, 1, 53, new byte[] {1}));
        long placeholder = peer.nextTsn();
        peer.send(new ForwardTsnChunk(placeholder, List.of(new ForwardTsnChunk.StreamSkip(6, 0))));
        assertEquals(1, messages().size());
        assertEquals(0, victim.receiveBufferedBytes());
    }

    @Test
    void aLifetimeOfZeroSendsOnceAndNeverAgain() {
        peer.handshake(ScriptedPeer.webRtcExtensions());
        victim.send(now, 2, 53, new byte[10], SctpSendOptions.maxLifetime(true, 0));
        List<DataChunk> first = ScriptedPeer.chunks(peer.drain(), DataChunk.class);
        assertEquals(1, first.size(), "sent at the instant it was given");
        now = victim.pollTimeout();
        victim.handleTimeout(now);
        List<SctpPacket> out = peer.drain();
        assertTrue(ScriptedPeer.chunks(out, DataChunk.class).isEmpty(), "not sent again");
        assertEquals(first.get(0).tsn(), ScriptedPeer.chunks(out, ForwardTsnChunk.class).get(0).newCumulativeTsn());
        assertEquals(0, victim.bufferedAmount());
    }

    @Test
    void withoutForwardTsnSupportLimitsAreIgnoredAndTheMessageIsRetransmitted() {
        peer.handshake(List.of());
        victim.send(now, 0, 53, new byte[10], SctpSendOptions.maxRetransmissions(true, 0));
        long tsn = ScriptedPeer.chunks(peer.drain(), DataChunk.class).get(0).tsn();
        now = victim.pollTimeout();
        victim.handleTimeout(now);
        List<DataChunk> again = ScriptedPeer.chunks(peer.drain(), DataChunk.class);
        assertEquals(tsn, again.get(0).tsn(), "sent again: the peer cannot be told to skip it");
        assertEquals(0, victim.abandonedMessages());
        assertEquals(10, victim.bufferedAmount());
    }
}
