package dev.jrtc.sctp.datachannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.sctp.ScriptedPeer;
import dev.jrtc.sctp.SctpConfig;
import dev.jrtc.sctp.SctpSendBufferFullException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A sender whose peer acknowledges nothing cannot queue without end: bytes stop at the send buffer limit, and empty
 * messages (which have no bytes to count, RFC 8831 §6.6) at {@link DataChannels#MAX_QUEUED_CHUNKS_FOR_EMPTY} chunks.
 */
class DataChannelSendBufferTest {
    private DataChannels dc;
    private DataChannel channel;

    private void connect(SctpConfig config) {
        dc = new DataChannels(config, true);
        dc.connect(0);
        ScriptedPeer peer = new ScriptedPeer(b -> dc.handlePacket(0, b, 0, b.length), dc::pollTransmit);
        peer.handshake(ScriptedPeer.webRtcExtensions()); // and never a SACK after that
        channel = dc.createChannel(0, DataChannelInit.reliable("x").negotiatedWithId(0));
        while (dc.pollTransmit() != null) { }
    }

    @Test
    void bytesStopAtTheSendBufferLimit() {
        connect(SctpConfig.defaults(new Random(1)).withMaxSendBufferBytes(1 << 20));
        int sent = 0;
        SctpSendBufferFullException full = null;
        for (int i = 0; i < 1000 && full == null; i++) {
            try {
                dc.send(0, channel, new byte[16 * 1024], true);
                sent++;
            } catch (SctpSendBufferFullException e) {
                full = e;
            }
        }
        assertEquals(64, sent, "1 MiB of 16 KiB messages");
        assertEquals(1 << 20, dc.association().bufferedAmount());
        assertEquals(DataChannelState.OPEN, channel.state(), "a full buffer closes nothing");
    }

    @Test
    void emptyMessagesStopAtTheChunkLimit() {
        connect(SctpConfig.defaults(new Random(2)));
        int sent = 0;
        for (int i = 0; i < 100_000; i++) {
            try {
                dc.send(0, channel, new byte[0], false);
                sent++;
            } catch (SctpSendBufferFullException e) {
                break;
            }
        }
        assertEquals(DataChannels.MAX_QUEUED_CHUNKS_FOR_EMPTY, sent);
        assertEquals(DataChannels.MAX_QUEUED_CHUNKS_FOR_EMPTY, dc.association().queuedChunks());
        assertEquals(0, dc.association().bufferedAmount(), "empty messages are no bytes of bufferedAmount (W3C)");
        assertThrows(SctpSendBufferFullException.class, () -> dc.send(0, channel, new byte[0], true));
    }
}
