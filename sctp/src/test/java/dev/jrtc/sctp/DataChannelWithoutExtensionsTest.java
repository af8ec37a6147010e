package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.sctp.datachannel.DataChannel;
import dev.jrtc.sctp.datachannel.DataChannelEvent;
import dev.jrtc.sctp.datachannel.DataChannelInit;
import dev.jrtc.sctp.datachannel.DataChannelState;
import dev.jrtc.sctp.datachannel.DataChannels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A peer that announces neither FORWARD TSN nor RE-CONFIG: channels still work, limits turn reliable, close is local. */
class DataChannelWithoutExtensionsTest {
    @Test
    void limitsBecomeReliableAndClosingIsLocal() {
        DataChannels dc = new DataChannels(SctpConfig.defaults(new Random(131)), true);
        List<byte[]> out = new ArrayList<>();
        dc.connect(0);
        ScriptedPeer peer = new ScriptedPeer(b -> dc.handlePacket(0, b, 0, b.length), () -> {
            byte[] p = dc.pollTransmit();
            if (p != null) out.add(p);
            return p;
        });
        peer.handshake(List.of());
        DataChannel c = dc.createChannel(0, DataChannelInit.reliable("lossy").withReliability(false, 0, null));
        assertEquals(DataChannelState.OPEN, c.state());
        dc.send(0, c, new byte[] {1, 2, 3}, true);
        peer.drain();
        out.clear();
        dc.handleTimeout(dc.pollTimeout()); // T3: with no way to skip it, the message is sent again
        peer.drain();
        long resent = out.stream().map(b -> SctpPacket.parse(b, 0, b.length).packet())
                .flatMap(p -> p.chunks().stream()).filter(ch -> ch instanceof DataChunk).count();
        assertTrue(resent >= 1, "retransmitted");
        assertEquals(0, dc.association().abandonedMessages());

        dc.closeChannel(0, c);
        assertEquals(DataChannelState.CLOSED, c.state(), "no stream reset to wait for");
        DataChannelEvent last = null;
        for (DataChannelEvent e = dc.pollEvent(); e != null; e = dc.pollEvent()) last = e;
        assertTrue(last instanceof DataChannelEvent.ChannelClosed);
    }
}
