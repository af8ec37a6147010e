package dev.jrtc.dtls;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DatagramTransport;
import org.jctools.queues.MpscUnboundedArrayQueue;

/**
 * The datagram "socket" Bouncy Castle's DTLS runs on: received datagrams wait in a bounded queue that BC's
 * blocking {@code receive} takes from; what BC sends goes to an MPSC queue the event loop drains.
 */
final class QueueDatagramTransport implements DatagramTransport {
    /** Datagrams allowed to wait for the handshake thread; beyond this they are dropped (a flood, not a peer). */
    private static final int INBOUND_CAPACITY = 512;
    /** Largest datagram accepted from the peer; a full Ethernet frame's UDP payload. */
    static final int RECEIVE_LIMIT = 1500;

    private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(INBOUND_CAPACITY);
    private final MpscUnboundedArrayQueue<byte[]> outbound = new MpscUnboundedArrayQueue<>(64);
    private final int mtu;
    private final Runnable wakeup;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    private static final long CCS_HOLD_NANOS = 20_000_000L;
    /** When a lone ChangeCipherSpec was first seen waiting, or 0 (event-loop thread only). */
    private long cssHeldSince;

    QueueDatagramTransport(int mtu, Runnable wakeup) {
        this.mtu = mtu;
        this.wakeup = wakeup;
    }

    /** Queues a datagram for BC; false (and counted) when the queue is full or the transport closed. */
    boolean offer(byte[] datagram) {
        if (closed || datagram.length > RECEIVE_LIMIT || !inbound.offer(datagram)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    boolean hasInbound() {
        return !inbound.isEmpty();
    }

    /**
     * The next datagram to send: consecutive queued records packed together up to the MTU (RFC 6347 §4.1.1
     * allows several records per datagram, and browsers do it). Besides saving datagrams, this keeps a
     * flight's ChangeCipherSpec and Finished together, so they are lost or delivered as one: BC 1.82's client
     * stops retransmitting once it has seen a ChangeCipherSpec without its Finished, and never recovers.
     */
    byte[] pollOutbound() {
        byte[] head = outbound.peek();
        if (head == null) {
            return null;
        }
        // A ChangeCipherSpec (content type 20) is always followed at once by its Finished: hold it back briefly
        // when it is alone, so the two share a datagram (see above). BC's thread writes the Finished microseconds
        // later; the clock read here is part of the documented Bouncy Castle exception.
        if (head.length > 0 && head[0] == 20 && outbound.size() == 1) {
            long now = System.nanoTime();
            if (cssHeldSince == 0) cssHeldSince = now;
            if (now - cssHeldSince < CCS_HOLD_NANOS) return null;
        }
        cssHeldSince = 0;
        byte[] first = outbound.poll();
        byte[] next = outbound.peek();
        if (next == null || first.length + next.length > mtu) {
            return first;
        }
        int total = first.length;
        int count = 1;
        // Only this (event-loop) thread consumes, so what peek saw is what poll takes.
        java.util.ArrayList<byte[]> records = new java.util.ArrayList<>(4);
        records.add(first);
        while (next != null && total + next.length <= mtu) {
            records.add(outbound.poll());
            total += next.length;
            count++;
            next = outbound.peek();
        }
        byte[] datagram = new byte[total];
        int at = 0;
        for (int i = 0; i < count; i++) {
            byte[] r = records.get(i);
            System.arraycopy(r, 0, datagram, at, r.length);
            at += r.length;
        }
        return datagram;
    }

    long dropped() {
        return dropped.get();
    }

    void countDropped() {
        dropped.incrementAndGet();
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return mtu;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        byte[] d;
        try {
            d = waitMillis <= 0 ? inbound.poll() : inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for a DTLS datagram");
        }
        if (d == null) {
            if (closed) {
                throw new IOException("DTLS transport closed");
            }
            return -1;
        }
        int n = Math.min(len, d.length);
        System.arraycopy(d, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        outbound.offer(copy);
        if (wakeup != null) {
            wakeup.run();
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
