package dev.jrtc.rtp.cc;

import dev.jrtc.rtp.RtpHeaderWriter;
import dev.jrtc.rtp.rtcp.RtcpCompound;
import dev.jrtc.rtp.rtcp.RtcpPacket;
import dev.jrtc.rtp.rtcp.TransportWideFeedback;
import dev.jrtc.testkit.Bottleneck;
import dev.jrtc.testkit.LinkConditions;
import dev.jrtc.testkit.VirtualNetwork;
import dev.jrtc.testkit.VirtualSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A video sender and a receiver on a {@link VirtualNetwork} with a {@link Bottleneck} on the forward path, in
 * virtual time: the sender makes 30 frames a second sized to the congestion controller's target, the pacer spreads
 * them, every packet carries a transport-wide sequence number, and the receiver sends feedback every 50 ms.
 */
final class CongestionControlSimulation {
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000 * MS;
    private static final int EXTENSION_ID = 3;
    private static final int PACKET_SIZE = 1200;

    final VirtualNetwork net;
    final Bottleneck bottleneck;
    final CongestionController cc = new CongestionController(300_000, 50_000, 5_000_000);
    final Pacer pacer = new Pacer(4096, 300_000, 500 * MS);
    final TransportSequenceStamper stamper = new TransportSequenceStamper(EXTENSION_ID, 0);
    final TransportFeedbackGenerator feedback = new TransportFeedbackGenerator(2, 50 * MS, 8192);
    final InetSocketAddress senderAddress = new InetSocketAddress("127.0.0.1", 1000);
    final InetSocketAddress receiverAddress = new InetSocketAddress("127.0.0.1", 2000);
    final VirtualSocket sender;
    final VirtualSocket receiver;
    private final RtpHeaderWriter header = new RtpHeaderWriter().payloadType(96).ssrc(1);
    private int rtpSequence;
    private long now;
    private long nextFrame;
    /** Per second: the target (bit/s) at its end, bytes the receiver got, the largest one-way delay seen. */
    final List<Long> targetPerSecond = new ArrayList<>();
    final List<Long> receivedBitsPerSecond = new ArrayList<>();
    final List<Long> maxDelayPerSecond = new ArrayList<>();
    private long receivedBytes;
    private long maxDelay;
    private long nextSecond = SECOND;

    CongestionControlSimulation(long seed, long capacityBps, int queueBytes, LinkConditions path) {
        net = new VirtualNetwork(seed);
        net.setDefaultConditions(path);
        bottleneck = new Bottleneck(capacityBps, queueBytes);
        sender = net.bind(senderAddress, (t, from, to, data) -> {
            for (RtcpPacket p : RtcpCompound.parse(data, 0, data.length).packets()) {
                if (p instanceof TransportWideFeedback f) pacer.setRate(cc.handleFeedback(t, f));
            }
        });
        sender.setOutgoingBottleneck(bottleneck);
        receiver = net.bind(receiverAddress, (t, from, to, data) -> {
            int seq = TransportSequenceStamper.read(data, 0, data.length, EXTENSION_ID);
            if (seq >= 0) feedback.handlePacket(t, seq);
            receivedBytes += data.length;
            long sentAt = ((long) (data[data.length - 8] & 0xFF) << 56) | ((long) (data[data.length - 7] & 0xFF) << 48)
                    | ((long) (data[data.length - 6] & 0xFF) << 40) | ((long) (data[data.length - 5] & 0xFF) << 32)
                    | ((long) (data[data.length - 4] & 0xFF) << 24) | ((data[data.length - 3] & 0xFF) << 16)
                    | ((data[data.length - 2] & 0xFF) << 8) | (data[data.length - 1] & 0xFF);
            maxDelay = Math.max(maxDelay, t - sentAt);
        });
        receiver.setOutgoingConditions(path);
    }

    long now() {
        return now;
    }

    /** Runs until {@code endNanos}, recording once per second. */
    void runUntil(long endNanos) {
        while (true) {
            long next = Math.min(Math.min(net.nextDeliveryNanos(), pacer.pollTimeout()),
                    Math.min(feedback.pollTimeout(), Math.min(nextFrame, nextSecond)));
            if (next > endNanos) break;
            now = Math.max(now, next);
            net.deliverDue(now);
            if (now >= nextFrame) {
                produceFrame();
                nextFrame += SECOND / 30;
            }
            for (byte[] p; (p = pacer.pollPacket(now)) != null; ) send(p, pacer.lastLength());
            feedback.handleTimeout(now);
            for (TransportWideFeedback f; (f = feedback.pollFeedback()) != null; ) {
                receiver.send(now, senderAddress, RtcpCompound.serialize(List.of(f)));
            }
            if (now >= nextSecond) {
                targetPerSecond.add(cc.targetBitrate());
                receivedBitsPerSecond.add(receivedBytes * 8);
                maxDelayPerSecond.add(maxDelay);
                receivedBytes = 0;
                maxDelay = 0;
                nextSecond += SECOND;
            }
        }
        now = endNanos;
    }

    /** One frame of target / 30 bits in packets of up to 1200 bytes, queued in the pacer. */
    private void produceFrame() {
        long bytes = cc.targetBitrate() / 8 / 30;
        while (bytes > 0) {
            int payload = (int) Math.min(PACKET_SIZE - 12, Math.max(bytes, 100));
            byte[] p = new byte[12 + payload + TransportSequenceStamper.MAX_GROWTH];
            header.sequenceNumber(rtpSequence++).timestamp(now / 11111).write(p, 0);
            pacer.enqueue(now, p, 12 + payload);
            bytes -= payload;
        }
    }

    private void send(byte[] p, int len) {
        // The last 8 payload bytes carry the send time, so the receiver can measure the one-way delay.
        int n = stamper.stamp(p, 0, len, p.length);
        for (int i = 0; i < 8; i++) p[n - 8 + i] = (byte) (now >>> (56 - 8 * i));
        cc.handleSent(now, (stamper.nextSequence() - 1) & 0xFFFF, n);
        sender.send(now, receiverAddress, java.util.Arrays.copyOf(p, n));
    }
}
