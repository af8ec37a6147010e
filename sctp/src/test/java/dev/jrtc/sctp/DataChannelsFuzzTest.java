package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.sctp.datachannel.DataChannel;
import dev.jrtc.sctp.datachannel.DataChannelInit;
import dev.jrtc.sctp.datachannel.DataChannelMessage;
import dev.jrtc.sctp.datachannel.DataChannels;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Random;
import java.util.zip.CRC32C;

/**
 * Arbitrary packets into an ESTABLISHED DataChannels with one channel open each way: no exception escapes, whatever
 * comes in. So that the fuzzer gets past the checksum and the verification tag, each input is fixed up first: the tag
 * is set to the victim's, TSNs in DATA and FORWARD TSN chunks count from the peer's next TSN, and the CRC32c is
 * recomputed. Inputs are split into up to four packets at 0xFFFF 0xFFFF markers, with a timer step after each.
 */
class DataChannelsFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void anEstablishedDataChannelsTakesAnyPacketWithoutThrowing(FuzzedDataProvider data) {
        long[] now = {0};
        DataChannels dc = new DataChannels(SctpConfig.defaults(new Random(7)), true);
        dc.connect(0);
        ScriptedPeer peer = new ScriptedPeer(b -> dc.handlePacket(now[0], b, 0, b.length), dc::pollTransmit);
        peer.handshake(ScriptedPeer.webRtcExtensions());
        peer.send(peer.message(1, 0, DataChannelMessage.PPID_DCEP, new DataChannelMessage.Open(0, 256, 0, "peer", "").encode()));
        DataChannel local = dc.createChannel(0, DataChannelInit.reliable("local").withReliability(false, 0, null));
        dc.send(0, local, new byte[3000], true);
        drain(dc);
        assertTrue(dc.isEstablished());

        byte[] all = data.consumeRemainingAsBytes();
        long base = peer.nextTsn();
        int start = 0;
        for (int packet = 0; packet < 4 && start <= all.length; packet++) {
            int end = marker(all, start);
            byte[] b = java.util.Arrays.copyOfRange(all, start, end);
            fixUp(b, peer.victimTag(), base);
            dc.handlePacket(now[0], b, 0, b.length);
            drain(dc);
            now[0] = Math.max(now[0] + 1_000_000, Math.min(dc.pollTimeout(), now[0] + 5_000_000_000L));
            dc.handleTimeout(now[0]);
            drain(dc);
            start = end + 4;
        }
        // Whatever happened, the API still answers sensibly.
        dc.channels().forEach(DataChannel::bufferedAmount);
        dc.droppedPackets();
    }

    private static int marker(byte[] b, int from) {
        for (int i = from; i + 3 < b.length; i++) {
            if ((b[i] & b[i + 1] & b[i + 2] & b[i + 3]) == (byte) 0xFF) return i;
        }
        return b.length;
    }

    private static void drain(DataChannels dc) {
        while (dc.pollTransmit() != null) { }
        while (dc.pollEvent() != null) { }
    }

    /** Our tag, TSNs relative to {@code base}, a valid checksum; anything shorter than a header goes in as it is. */
    static void fixUp(byte[] b, long tag, long base) {
        if (b.length < 12) return;
        put32(b, 4, tag);
        for (int at = 12; at + 8 <= b.length; ) {
            int type = b[at] & 0xFF;
            int length = ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
            if (type == 0 || type == 192) put32(b, at + 4, base + get32(b, at + 4));
            if (length < 4) break;
            at += (length + 3) & ~3;
        }
        CRC32C crc = new CRC32C();
        crc.update(b, 0, 8);
        crc.update(new byte[4], 0, 4);
        crc.update(b, 12, b.length - 12);
        long v = crc.getValue();
        b[8] = (byte) v;
        b[9] = (byte) (v >>> 8);
        b[10] = (byte) (v >>> 16);
        b[11] = (byte) (v >>> 24);
    }

    private static long get32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
