package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** Fragmentation (RFC 9260 §6.9) and the buffered amounts of the send queue. */
class SendQueueTest {
    private static final int MAX_PACKET = 1163;
    /** The largest fragment: a multiple of 4 that fits a packet with the common and DATA headers. */
    private static final int FULL = (MAX_PACKET - 12 - 16) & ~3;

    private final Queue<SctpEvent> events = new ArrayDeque<>();
    private final SendQueue queue = new SendQueue(MAX_PACKET, events);

    private List<SendQueue.Fragment> drain() {
        List<SendQueue.Fragment> all = new ArrayList<>();
        for (SendQueue.Fragment f = queue.poll(); f != null; f = queue.poll()) all.add(f);
        return all;
    }

    private void add(int stream, int bytes) {
        queue.add(stream, false, 53, -1, Long.MAX_VALUE, new byte[bytes], true);
    }

    @Test
    void aMessageIsCutIntoFragmentsThatFitAPacketWithBeginningAndEndMarked() {
        add(0, 3 * FULL + 10);
        List<SendQueue.Fragment> f = drain();
        assertEquals(4, f.size());
        assertEquals(List.of(FULL, FULL, FULL, 10), f.stream().map(x -> x.payload().length).toList());
        assertTrue(f.get(0).beginning() && !f.get(0).ending());
        assertTrue(!f.get(3).beginning() && f.get(3).ending());
        assertEquals(0, FULL % 4);
        assertTrue(12 + 16 + FULL <= MAX_PACKET);
    }

    @Test
    void aMessageAfterAShortEndFillsThePacketThatEndStarted() {
        add(0, FULL + 100); // ends in a 100-byte fragment
        add(0, 2 * FULL);
        List<SendQueue.Fragment> f = drain();
        int room = (MAX_PACKET - 12 - (16 + 100) - 16) & ~3;
        assertEquals(List.of(FULL, 100, room, FULL, 2 * FULL - room - FULL), f.stream().map(x -> x.payload().length).toList());
    }

    @Test
    void bufferedAmountsCountPerStreamAndSignalWhenTheyFallToTheThreshold() {
        add(1, 5000);
        add(2, 300);
        queue.add(3, false, 50, -1, Long.MAX_VALUE, new byte[12], false); // a control message: not counted
        assertEquals(5300, queue.bufferedAmount());
        assertEquals(5000, queue.bufferedAmount(1));
        assertEquals(0, queue.bufferedAmount(3));
        queue.stream(1).lowThreshold = 1000;
        queue.unbuffer(1, 3000);
        assertTrue(events.isEmpty(), "2000 is still above 1000");
        queue.unbuffer(1, 1500);
        assertEquals(new SctpEvent.BufferedAmountLow(1), events.poll());
        queue.unbuffer(1, 500);
        assertTrue(events.isEmpty(), "only when it crosses the threshold");
        assertEquals(300, queue.bufferedAmount());
    }

    @Test
    void pollingCountsFragmentsOffTheirStream() {
        add(7, 2 * FULL);
        assertEquals(2, queue.stream(7).pendingFragments);
        queue.poll();
        assertEquals(1, queue.stream(7).pendingFragments);
        queue.clear();
        assertTrue(queue.isEmpty());
    }
}
