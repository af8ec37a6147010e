package dev.jrtc.ice.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test handler that copies every datagram it is lent into a queue. */
final class Received implements DatagramHandler {
    record Datagram(InetSocketAddress local, InetSocketAddress remote, byte[] data) {}

    final BlockingQueue<Datagram> queue = new LinkedBlockingQueue<>();

    @Override
    public void handleDatagram(long nowNanos, InetSocketAddress local, InetSocketAddress remote, ByteBuf payload) {
        queue.add(new Datagram(local, remote, ByteBufUtil.getBytes(payload)));
    }

    /** The next datagram within 5 s, or null. */
    Datagram poll() throws InterruptedException {
        return queue.poll(5, TimeUnit.SECONDS);
    }
}
