package dev.jrtc.sctp.datachannel;

import static dev.jrtc.sctp.datachannel.DataChannelPeers.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.testkit.LinkConditions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RTCDataChannel.bufferedAmount and bufferedamountlow per channel (RFC 8831 §6.6 on top of RFC 9260 §10.1 SEND). */
class DataChannelBufferedAmountTest {
    private static List<DataChannelEvent.BufferedAmountLow> lows(DataChannelPeers.Peer peer, DataChannel c) {
        return peer.events(DataChannelEvent.BufferedAmountLow.class).stream().filter(e -> e.channel() == c).toList();
    }

    @Test
    void bufferedAmountLowFiresOnceEachTimeTheAmountFallsToTheThreshold() {
        DataChannelPeers p = new DataChannelPeers(41, LinkConditions.delayMillis(20));
        DataChannel c = p.a.dc.createChannel(p.now(), DataChannelInit.reliable("low"));
        DataChannel other = p.a.dc.createChannel(p.now(), DataChannelInit.reliable("other"));
        p.connect();
        assertTrue(p.run(() -> p.b.remote("other") != null, 5 * SECOND));
        assertEquals(0, c.bufferedAmountLowThreshold(), "W3C default");
        c.setBufferedAmountLowThreshold(20_000);

        for (int i = 0; i < 20; i++) p.a.dc.send(p.now(), c, new byte[5000], true);
        p.a.dc.send(p.now(), other, new byte[7000], true);
        assertEquals(100_000, c.bufferedAmount(), "counted per channel");
        assertEquals(7000, other.bufferedAmount());
        assertEquals(107_000, p.a.dc.association().bufferedAmount());

        long[] atEvent = {-1};
        p.a.onSend = x -> { };
        assertTrue(p.run(() -> {
            if (atEvent[0] < 0 && !lows(p.a, c).isEmpty()) atEvent[0] = c.bufferedAmount();
            return c.bufferedAmount() == 0 && other.bufferedAmount() == 0;
        }, 30 * SECOND));
        assertEquals(1, lows(p.a, c).size(), "fired once on the way down");
        assertTrue(atEvent[0] <= 20_000, "at or below the threshold when reported: " + atEvent[0]);
        assertEquals(1, lows(p.a, other).size(), "threshold 0: fired when it drained");

        // Going above the threshold again and back down fires again.
        for (int i = 0; i < 10; i++) p.a.dc.send(p.now(), c, new byte[5000], false);
        assertTrue(p.run(() -> c.bufferedAmount() == 0, 30 * SECOND));
        assertEquals(2, lows(p.a, c).size());
        // Staying below the threshold the whole time does not fire.
        p.a.dc.send(p.now(), c, new byte[100], false);
        assertTrue(p.run(() -> c.bufferedAmount() == 0, 30 * SECOND));
        assertEquals(2, lows(p.a, c).size());
    }
}
