package dev.jrtc.sctp.datachannel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jrtc.sctp.SctpConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Two DataChannels driven through any interleaving the fuzzer picks: channels created, used and closed on either
 * side, packets delivered in any order, dropped or duplicated, time jumping, shutdown or abort at any point. No
 * exception escapes either core, and on reliable ordered channels every message arrives once and in order.
 */
class DataChannelsScenarioFuzzTest {
    private static final int MAX_STEPS = 400;

    @FuzzTest(maxDuration = "30s")
    void twoPeersSurviveAnyScheduleOfCallsAndPacketFates(FuzzedDataProvider data) {
        DataChannels[] side = {new DataChannels(SctpConfig.defaults(new Random(1)), true), new DataChannels(SctpConfig.defaults(new Random(2)), false)};
        List<List<byte[]>> inFlight = List.of(new ArrayList<>(), new ArrayList<>()); // packets from side i to the other
        List<List<DataChannel>> channels = List.of(new ArrayList<>(), new ArrayList<>());
        Map<DataChannel, Integer> nextToSend = new HashMap<>();
        Map<DataChannel, Integer> nextToReceive = new HashMap<>();
        boolean[] ended = new boolean[2];
        long now = 0;
        side[0].connect(now);
        side[1].connect(now);
        for (int step = 0; step < MAX_STEPS && data.remainingBytes() > 0; step++) {
            int s = data.consumeBoolean() ? 1 : 0;
            DataChannels dc = side[s];
            List<DataChannel> mine = channels.get(s);
            switch (data.consumeInt(0, 9)) {
                case 0 -> {
                    if (!ended[s] && mine.size() < 8) {
                        DataChannelInit init = switch (data.consumeInt(0, 3)) {
                            case 0 -> DataChannelInit.reliable("r" + step);
                            case 1 -> DataChannelInit.reliable("u" + step).withReliability(false, null, null);
                            case 2 -> DataChannelInit.reliable("x" + step).withReliability(data.consumeBoolean(), data.consumeInt(0, 3), null);
                            default -> DataChannelInit.reliable("t" + step).withReliability(data.consumeBoolean(), null, data.consumeInt(0, 500));
                        };
                        mine.add(dc.createChannel(now, init));
                    }
                }
                case 1, 2 -> {
                    DataChannel c = pick(data, mine);
                    if (c != null && c.state() == DataChannelState.OPEN) {
                        int n = nextToSend.merge(c, 1, Integer::sum) - 1;
                        byte[] m = new byte[Math.max(4, data.consumeInt(0, 3000))];
                        ByteBuffer.wrap(m).putInt(n);
                        dc.send(now, c, m, true);
                    }
                }
                case 3 -> {
                    DataChannel c = pick(data, mine);
                    if (c != null) dc.closeChannel(now, c);
                }
                case 4, 5, 6 -> {
                    List<byte[]> q = inFlight.get(s);
                    if (!q.isEmpty()) {
                        int i = data.consumeInt(0, q.size() - 1); // any of them: reordering
                        byte[] p = data.consumeInt(0, 9) == 0 ? q.get(i) : q.remove(i); // sometimes a duplicate
                        side[1 - s].handlePacket(now, p, 0, p.length);
                    }
                }
                case 7 -> {
                    List<byte[]> q = inFlight.get(s);
                    if (!q.isEmpty()) q.remove(data.consumeInt(0, q.size() - 1)); // lost
                }
                case 8 -> {
                    long next = Math.min(side[0].pollTimeout(), side[1].pollTimeout());
                    now = next == Long.MAX_VALUE ? now + 1_000_000 : Math.max(now, next);
                    side[0].handleTimeout(now);
                    side[1].handleTimeout(now);
                }
                default -> {
                    switch (data.consumeInt(0, 20)) {
                        case 0 -> {
                            dc.close(now);
                            ended[s] = true; // no new channels from here on
                        }
                        case 1 -> {
                            dc.abort("fuzzed abort");
                            ended[s] = true;
                        }
                        default -> {
                            DataChannel c = pick(data, mine);
                            if (c != null) c.setBufferedAmountLowThreshold(data.consumeInt(0, 10_000));
                            now += data.consumeInt(0, 300) * 1_000_000L;
                        }
                    }
                }
            }
            for (int k = 0; k < 2; k++) {
                for (byte[] p = side[k].pollTransmit(); p != null; p = side[k].pollTransmit()) inFlight.get(k).add(p);
                for (DataChannelEvent e = side[k].pollEvent(); e != null; e = side[k].pollEvent()) {
                    if (e instanceof DataChannelEvent.AssociationClosed) ended[k] = true;
                    if (e instanceof DataChannelEvent.Message m && m.channel().ordered() && m.channel().maxRetransmits() == null
                            && m.channel().maxPacketLifeTime() == null) {
                        int got = ByteBuffer.wrap(m.data()).getInt();
                        int expected = nextToReceive.merge(m.channel(), 1, Integer::sum) - 1;
                        assertEquals(expected, got, "reliable ordered: once and in order on " + m.channel());
                    }
                }
            }
        }
    }

    private static DataChannel pick(FuzzedDataProvider data, List<DataChannel> from) {
        return from.isEmpty() ? null : from.get(data.consumeInt(0, from.size() - 1));
    }
}
