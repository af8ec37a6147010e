package dev.jrtc.rtp.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.rtp.RtpHeader;
import dev.jrtc.rtp.rtcp.GenericNack;
import dev.jrtc.rtp.rtcp.RtcpCompound;
import dev.jrtc.rtp.rtcp.RtcpPacket;
import dev.jrtc.testkit.LinkConditions;
import dev.jrtc.testkit.VirtualNetwork;
import dev.jrtc.testkit.VirtualSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The VP8 test file sent ten times over (300 frames at 15 fps) across a {@link VirtualNetwork} with 5% loss each
 * way (from the second frame to the last), 30 ms one-way delay and jitter: with NACK, RTX and the jitter buffer every frame comes out whole and
 * byte-identical; without NACK, frames are dropped and key frames are asked for.
 */
class LossyVideoTest {
    private static final long MS = 1_000_000L;
    private static final long MEDIA = 0xCAFEL;
    private static final long RTX = 0xBEEFL;

    private static final class Call {
        final VirtualNetwork net;
        final InetSocketAddress a = new InetSocketAddress("127.0.0.1", 1000);
        final InetSocketAddress b = new InetSocketAddress("127.0.0.1", 2000);
        final SendHistory history = SendHistory.defaults();
        final Retransmitter retransmitter = new Retransmitter(history, RTX, 0, 1_000_000);
        final NackGenerator nacks = new NackGenerator(1, MEDIA, NackSettings.defaults());
        final RtxUnwrapper rtx = new RtxUnwrapper();
        final JitterBuffer jitter = new JitterBuffer(1024, 1500, 400 * MS, 200 * MS, JitterBufferTest.VP8);
        final List<byte[]> frames = new ArrayList<>();
        final boolean nack;
        final VirtualSocket sender;
        final VirtualSocket receiver;
        int keyFrameRequests;

        Call(long seed, boolean nack) {
            this.nack = nack;
            net = new VirtualNetwork(seed);
            // Lossless for the first (key) frame: NACK cannot ask for what comes before the first packet the receiver
            // sees, and with jitter that need not be the first one sent.
            net.setDefaultConditions(new LinkConditions(30 * MS, 10 * MS, 0, 0, 0));
            retransmitter.mapPayloadType(96, 97);
            retransmitter.handleRoundTripTime(70 * MS);
            nacks.handleRoundTripTime(70 * MS);
            rtx.addStream(RTX, MEDIA);
            rtx.addPayloadType(97, 96);
            sender = net.bind(a, (now, from, to, data) -> {
                for (RtcpPacket p : RtcpCompound.parse(data, 0, data.length).packets()) {
                    if (p instanceof GenericNack n) retransmitter.handleNack(now, n);
                }
                byte[] out = new byte[1600];
                for (int n; (n = retransmitter.pollRetransmission(now, out, 0)) > 0; ) {
                    senderSocket().send(now, b, Arrays.copyOf(out, n));
                }
            });
            receiver = net.bind(b, (now, from, to, data) -> {
                int len = data.length;
                if (RtpHeader.ssrc(data, 0) == RTX && (len = rtx.unwrap(data, 0, len)) < 0) return;
                nacks.handlePacket(now, RtpHeader.sequenceNumber(data, 0));
                jitter.handlePacket(now, data, 0, len);
                service(now);
            });
        }

        VirtualSocket senderSocket() {
            return sender;
        }

        void service(long now) {
            for (JitterBuffer.Frame f; (f = jitter.pollFrame(now)) != null; ) frames.add(JitterBufferTest.vp8Payload(f));
            if (jitter.pollKeyFrameRequest(now)) keyFrameRequests++;
            if (!nack) return;
            nacks.handleTimeout(now);
            for (GenericNack n; (n = nacks.pollNack()) != null; ) receiver.send(now, a, RtcpCompound.serialize(List.of(n)));
        }

        void advanceTo(long t) {
            long now = 0;
            while (true) {
                long next = Math.min(net.nextDeliveryNanos(), Math.min(jitter.pollTimeout(), nack ? nacks.pollTimeout() : Long.MAX_VALUE));
                if (next > t) break;
                now = next;
                net.deliverDue(now);
                service(now);
            }
        }
    }

    @Test
    void nackRtxAndTheJitterBufferDeliverEveryFrame() throws Exception {
        List<byte[]> sentFrames = new ArrayList<>();
        Call with = new Call(11, true);
        Call without = new Call(11, false);
        for (Call call : List.of(with, without)) {
            long now = 0;
            for (int loop = 0; loop <= 10; loop++) {
                JitterBufferTest.Sent s = JitterBufferTest.vp8(0, 0);
                // One lossless frame of an eleventh round follows, so the loss of the 300th frame's last packet shows.
                for (int f = 0; f < (loop < 10 ? s.frames().size() : 1); f++) {
                    int frameIndex = loop * 30 + f;
                    now = frameIndex * 66_666_666L;
                    call.advanceTo(now);
                    if (frameIndex == 1) call.net.setDefaultConditions(new LinkConditions(30 * MS, 10 * MS, 0.05, 0, 0));
                    if (frameIndex == 300) call.net.setDefaultConditions(new LinkConditions(30 * MS, 10 * MS, 0, 0, 0));
                    if (call == with && frameIndex < 300) sentFrames.add(s.frames().get(f));
                    for (byte[] p : s.packets().get(f)) {
                        // Continue numbering and timing across loops of the file.
                        int seq = (RtpHeader.sequenceNumber(p, 0) + loop * countPackets(s)) & 0xFFFF;
                        p[2] = (byte) (seq >>> 8);
                        p[3] = (byte) seq;
                        long ts = 6000L * frameIndex;
                        p[4] = (byte) (ts >>> 24);
                        p[5] = (byte) (ts >>> 16);
                        p[6] = (byte) (ts >>> 8);
                        p[7] = (byte) ts;
                        call.history.handleSent(now, p, 0, p.length);
                        call.sender.send(now, call.b, p);
                    }
                }
            }
            call.advanceTo(now + 2_000 * MS);
        }
        assertTrue(with.frames.size() >= 300, "dropped " + with.jitter.framesDropped());
        for (int i = 0; i < 300; i++) assertArrayEquals(sentFrames.get(i), with.frames.get(i), "frame " + i);
        assertEquals(0, with.jitter.framesDropped());
        assertEquals(0, with.keyFrameRequests);
        assertTrue(with.retransmitter.sent() > 0);
        assertTrue(without.jitter.framesDropped() > 10, "without NACK: dropped " + without.jitter.framesDropped());
        assertTrue(without.keyFrameRequests > 0);
        assertTrue(without.frames.size() < 300);
    }

    private static int countPackets(JitterBufferTest.Sent s) {
        int n = 0;
        for (List<byte[]> f : s.packets()) n += f.size();
        return n;
    }

}
