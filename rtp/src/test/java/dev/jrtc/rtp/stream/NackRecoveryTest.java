package dev.jrtc.rtp.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.rtp.RtpHeader;
import dev.jrtc.rtp.rtcp.GenericNack;
import dev.jrtc.rtp.rtcp.RtcpCompound;
import dev.jrtc.rtp.rtcp.RtcpPacket;
import dev.jrtc.testkit.LinkConditions;
import dev.jrtc.testkit.VirtualClock;
import dev.jrtc.testkit.VirtualNetwork;
import dev.jrtc.testkit.VirtualSocket;
import java.net.InetSocketAddress;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/**
 * A sender and a receiver on a lossy {@link VirtualNetwork} (5% loss each way, 40 ms RTT, jitter): the receiver
 * NACKs what is missing, the sender answers with RTX, and the receiver unwraps RTX back into the stream, so nearly
 * every packet arrives; without NACK about 5% would be gone.
 */
class NackRecoveryTest {
    private static final long MS = 1_000_000L;
    private static final long MEDIA = 0x1234L;
    private static final long RTX = 0x5678L;
    private static final int PACKETS = 3000;

    private static final class Run {
        final VirtualNetwork net;
        final VirtualClock clock = new VirtualClock();
        final InetSocketAddress senderAddress = new InetSocketAddress("127.0.0.1", 1000);
        final InetSocketAddress receiverAddress = new InetSocketAddress("127.0.0.1", 2000);
        final SendHistory history = SendHistory.defaults();
        final Retransmitter retransmitter = new Retransmitter(history, RTX, 3333, 2_000_000);
        final NackGenerator nacks = new NackGenerator(0x9999, MEDIA, NackSettings.defaults());
        final RtxUnwrapper unwrapper = new RtxUnwrapper();
        final BitSet received = new BitSet();
        final VirtualSocket sender;
        final VirtualSocket receiver;
        int duplicates;
        final boolean nackEnabled;

        Run(long seed, boolean nackEnabled) {
            this.nackEnabled = nackEnabled;
            net = new VirtualNetwork(seed);
            net.setDefaultConditions(new LinkConditions(20 * MS, 5 * MS, 0.05, 0, 0));
            retransmitter.mapPayloadType(96, 97);
            retransmitter.handleRoundTripTime(45 * MS);
            unwrapper.addStream(RTX, MEDIA);
            unwrapper.addPayloadType(97, 96);
            nacks.handleRoundTripTime(45 * MS);
            sender = net.bind(senderAddress, (now, from, to, data) -> {
                for (RtcpPacket p : RtcpCompound.parse(data, 0, data.length).packets()) {
                    if (p instanceof GenericNack n) retransmitter.handleNack(now, n);
                }
                byte[] out = new byte[1600];
                for (int n; (n = retransmitter.pollRetransmission(now, out, 0)) > 0; ) {
                    sender().send(now, receiverAddress, java.util.Arrays.copyOf(out, n));
                }
            });
            receiver = net.bind(receiverAddress, (now, from, to, data) -> {
                int len = data.length;
                if (RtpHeader.ssrc(data, 0) == RTX) {
                    len = unwrapper.unwrap(data, 0, len);
                    if (len < 0) return;
                }
                int seq = RtpHeader.sequenceNumber(data, 0);
                if (nacks.handlePacket(now, seq) == NackGenerator.Arrival.OLD) duplicates++;
                received.set(seq);
                pollNacks(now);
            });
        }

        VirtualSocket sender() {
            return sender;
        }

        void pollNacks(long now) {
            if (!nackEnabled) return;
            nacks.handleTimeout(now);
            for (GenericNack n; (n = nacks.pollNack()) != null; ) {
                receiver.send(now, senderAddress, RtcpCompound.serialize(java.util.List.of(n)));
            }
        }

        void run() {
            for (int seq = 0; seq < PACKETS; seq++) {
                long sendAt = seq * 5 * MS;
                advanceTo(sendAt);
                byte[] p = RetransmitterTest.packet(seq, 96, 1000);
                history.handleSent(sendAt, p, 0, p.length);
                sender.send(sendAt, receiverAddress, p);
            }
            // The stream ends; the last packet's own loss cannot be seen, so finish with one more that is not lost.
            advanceTo(PACKETS * 5 * MS + 2_000 * MS);
        }

        void advanceTo(long t) {
            while (true) {
                long next = Math.min(net.nextDeliveryNanos(), nackEnabled ? nacks.pollTimeout() : Long.MAX_VALUE);
                if (next > t) break;
                clock.advanceTo(Math.max(next, clock.nowNanos()));
                net.deliverDue(clock.nowNanos());
                pollNacks(clock.nowNanos());
            }
            clock.advanceTo(t);
        }
    }

    @Test
    void nackAndRtxRepairFivePercentLoss() {
        Run withNack = new Run(7, true);
        withNack.run();
        Run without = new Run(7, false);
        without.run();
        int lostWithout = PACKETS - without.received.cardinality();
        int lostWith = PACKETS - withNack.received.cardinality();
        assertTrue(lostWithout > PACKETS * 0.03, "the link loses about 5%: " + lostWithout);
        // A packet stays lost only if it and every retransmission (10 tries) are lost, or it is the last one.
        assertTrue(lostWith <= 2, "lost with NACK: " + lostWith + " of " + lostWithout);
        assertTrue(withNack.nacks.recoveredAfterNack() >= lostWithout * 0.8, "recovered " + withNack.nacks.recoveredAfterNack());
        // Every repaired packet came out of an RTX packet; about 5% of those were lost on the way too.
        assertTrue(withNack.unwrapper.unwrapped() >= withNack.nacks.recoveredAfterNack());
        assertTrue(withNack.retransmitter.sent() > withNack.unwrapper.unwrapped());
        assertEquals(0, withNack.unwrapper.invalid());
        assertEquals(0, withNack.retransmitter.notInHistory());
        assertEquals(0, without.nacks.nacksSent());
        System.out.printf("lost without NACK %d, with %d; NACKs %d, RTX sent %d, unwrapped %d, duplicates %d%n",
                lostWithout, lostWith, withNack.nacks.nacksSent(), withNack.retransmitter.sent(),
                withNack.unwrapper.unwrapped(), withNack.duplicates);
    }
}
