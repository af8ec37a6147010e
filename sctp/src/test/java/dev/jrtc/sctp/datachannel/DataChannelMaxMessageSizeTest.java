package dev.jrtc.sctp.datachannel;

import static dev.jrtc.sctp.datachannel.DataChannelPeers.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.testkit.LinkConditions;
import org.junit.jupiter.api.Test;

/** The peer's a=max-message-size (RFC 8841 §6.1) bounds what send accepts. */
class DataChannelMaxMessageSizeTest {
    @Test
    void aMessageOverTheRemoteMaxMessageSizeIsRejected() {
        DataChannelPeers p = new DataChannelPeers(101, LinkConditions.delayMillis(5));
        DataChannel c = p.a.dc.createChannel(p.now(), DataChannelInit.reliable("big"));
        p.connect();
        assertEquals(DataChannels.DEFAULT_REMOTE_MAX_MESSAGE_SIZE, p.a.dc.remoteMaxMessageSize(), "64 KiB when SDP says nothing");
        p.a.dc.send(p.now(), c, new byte[65536], true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.a.dc.send(p.now(), c, new byte[65537], true));
        assertTrue(e.getMessage().contains("max-message-size"), e.getMessage());

        p.a.dc.setRemoteMaxMessageSize(1000);
        p.a.dc.send(p.now(), c, new byte[1000], true);
        assertThrows(IllegalArgumentException.class, () -> p.a.dc.send(p.now(), c, new byte[1001], false));

        p.a.dc.setRemoteMaxMessageSize(0); // unlimited as far as the peer is concerned; our association's limit stays
        p.a.dc.send(p.now(), c, new byte[200_000], true);
        assertThrows(IllegalArgumentException.class, () -> p.a.dc.send(p.now(), c, new byte[256 * 1024 + 1], true));
        assertThrows(IllegalArgumentException.class, () -> p.a.dc.setRemoteMaxMessageSize(-1));
        assertEquals(3, c.messagesSent(), "rejected messages are not counted");

        assertTrue(p.run(() -> p.b.remote("big") != null && p.b.messages(p.b.remote("big")).size() == 3, 30 * SECOND));

        // A label long enough that its OPEN would break the limit is refused when the channel is created.
        p.a.dc.setRemoteMaxMessageSize(65536);
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
                () -> p.a.dc.createChannel(p.now(), DataChannelInit.reliable("l".repeat(40_000)).withProtocol("p".repeat(30_000))));
        assertTrue(open.getMessage().contains("DATA_CHANNEL_OPEN"), open.getMessage());
        assertEquals(200_000, p.b.messages(p.b.remote("big")).get(2).data().length);
    }
}
