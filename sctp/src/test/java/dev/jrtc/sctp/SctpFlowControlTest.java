package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Memory stays bounded whichever side is slow: the sender's queue by {@link SctpConfig#maxSendBufferBytes()}, the
 * receiver's by its window (RFC 9260 §6.2), into which what the application has not consumed yet is counted
 * ({@link SctpAssociation#setReceiveBacklog}), and by the hard reassembly budget against a peer that ignores it.
 */
class SctpFlowControlTest {
    private static final long MS = TwoAssociations.MS;
    private static final long SECOND = TwoAssociations.SECOND;

    @Test
    void aFullSendBufferRefusesTheMessageWholeAndTakesMoreOnceAcknowledged() {
        TwoAssociations p = new TwoAssociations(SctpConfig.defaults(new Random(1)).withMaxSendBufferBytes(100_000),
                SctpConfig.defaults(new Random(2)), 10 * MS);
        assertTrue(p.connect());
        byte[] message = new byte[30_000];
        for (int i = 0; i < 3; i++) p.a.assoc.send(p.now, 0, 53, message, false);
        assertEquals(90_000, p.a.assoc.bufferedAmount());
        SctpSendBufferFullException full = assertThrows(SctpSendBufferFullException.class,
                () -> p.a.assoc.send(p.now, 0, 53, message, false));
        assertTrue(full.getMessage().contains("90000"), full.getMessage());
        assertEquals(90_000, p.a.assoc.bufferedAmount(), "nothing of the refused message was taken");
        p.a.assoc.send(p.now, 1, 53, new byte[10_000], false); // what still fits goes, on any stream
        // Control messages (DCEP) are not user data and never refused.
        p.a.assoc.send(p.now, 2, 50, new byte[12], SctpSendOptions.reliable(false), false);
        assertTrue(p.run(() -> p.a.assoc.bufferedAmount() == 0, 10 * SECOND));
        p.a.assoc.send(p.now, 0, 53, message, false);
        assertTrue(p.run(() -> p.b.messages() == 6, 10 * SECOND));
    }

    @Test
    void aSlowApplicationClosesTheWindowAndTheSenderWaitsInsteadOfTheHeapGrowing() {
        TwoAssociations p = new TwoAssociations(SctpConfig.defaults(new Random(3)), SctpConfig.defaults(new Random(4)), 5 * MS);
        assertTrue(p.connect());
        int messages = 200;
        byte[] message = new byte[16 * 1024];
        for (int i = 0; i < messages; i++) p.a.assoc.send(p.now, 0, 53, message, false); // 3.2 MiB, three windows
        // The application above b reads nothing: every delivered byte stays in its backlog, reported after each packet.
        long[] peak = {0};
        p.b.afterPacket = () -> {
            long backlog = p.b.messages() * (long) message.length;
            p.b.assoc.setReceiveBacklog(p.now, backlog);
            peak[0] = Math.max(peak[0], backlog + p.b.assoc.receiveBufferedBytes());
        };
        p.run(() -> false, 60 * SECOND);
        long window = SctpConfig.defaults(new Random(0)).receiveWindow();
        assertTrue(peak[0] <= window + message.length, "held " + peak[0] + " bytes for a window of " + window);
        assertTrue(p.b.messages() < messages, "the sender waits: " + p.b.messages());
        assertEquals(SctpAssociation.State.ESTABLISHED, p.a.assoc.state(), "a minute of closed window is no failure");
        // The application now consumes everything as it comes: the window reopens and the rest arrives.
        p.b.afterPacket = () -> p.b.assoc.setReceiveBacklog(p.now, 0);
        p.b.assoc.setReceiveBacklog(p.now, 0);
        assertTrue(p.run(() -> p.b.messages() == messages, 60 * SECOND), "got " + p.b.messages());
    }

    @Test
    void aPeerIgnoringTheWindowIsDroppedAndAnsweredWithTheWindowAsItIs() {
        SctpAssociation victim = new SctpAssociation(SctpConfig.defaults(new Random(5)));
        Queue<byte[]> out = new ArrayDeque<>();
        ScriptedPeer peer = new ScriptedPeer(d -> victim.handlePacket(0, d, 0, d.length), () -> {
            byte[] b = victim.pollTransmit();
            return b;
        });
        peer.handshake(ScriptedPeer.webRtcExtensions());
        victim.setReceiveBacklog(0, 1L << 30); // the application holds a gigabyte: the window is shut
        for (SctpEvent e = victim.pollEvent(); e != null; e = victim.pollEvent()) { }
        byte[] payload = new byte[1000];
        int sent = 0;
        for (int i = 0; i < 2000; i++) {
            peer.send(peer.message(0, i, 53, payload));
            sent++;
        }
        List<SctpPacket> answers = peer.drain();
        List<SackChunk> sacks = ScriptedPeer.chunks(answers, SackChunk.class);
        assertTrue(!sacks.isEmpty(), "each dropped chunk is answered");
        assertTrue(sacks.stream().allMatch(s -> s.advertisedReceiverWindow() == 0), "with a closed window");
        assertEquals(sent, victim.receiveWindowDrops());
        assertEquals(0, victim.receiveBufferedBytes());
        int delivered = 0;
        for (SctpEvent e = victim.pollEvent(); e != null; e = victim.pollEvent()) if (e instanceof SctpEvent.Message) delivered++;
        assertEquals(0, delivered, "nothing past a closed window reaches the application");
        assertTrue(out.isEmpty());
    }
}
