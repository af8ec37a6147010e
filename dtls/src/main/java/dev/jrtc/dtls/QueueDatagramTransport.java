package dev.jrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.bouncycastle.tls.DatagramTransport;
import org.jctools.queues.MpscUnboundedArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datagram "socket" Bouncy Castle's DTLS runs on. What BC sends goes to an MPSC queue the event loop drains;
 * what the peer sends is split into its records, and each record waits in a bounded queue as a "datagram" of its
 * own for BC's {@code receive}.
 *
 * <p>Why records and not datagrams: BC 1.82's record layer drops a whole datagram when its first record belongs to
 * an epoch it does not read (any more). A peer that has read a ChangeCipherSpec but lost the Finished behind it
 * reads epoch 1 only, and every retransmission of the flight starts with epoch-0 records, so the retransmitted
 * Finished in the same datagram was dropped with them, for good. Handed over one at a time, the stale records are
 * dropped one by one and the Finished is read (RFC 6347 §4.1.2.7 discards invalid records, not datagrams).
 * During the handshake a {@link ChangeCipherSpecGate} also keeps a CCS from overtaking the messages before it, and
 * throughout an {@link InvalidRecordFilter} drops the records that BC would not drop silently.
 *
 * <p>Threads: {@link #offer}, {@link #pollOutbound} and {@link #connected} run on the event loop; {@link #receive}
 * runs on BC's handshake thread until the handshake returns, then on the event loop.
 */
final class QueueDatagramTransport implements DatagramTransport {
    private static final Logger LOG = LoggerFactory.getLogger(QueueDatagramTransport.class);
    /** Records allowed to wait for BC; beyond this they are dropped (a flood, not a peer). */
    private static final int INBOUND_CAPACITY = 512;
    /** Largest record accepted from the peer (BC sizes its receive buffer by it); a full Ethernet frame's payload. */
    static final int RECEIVE_LIMIT = 1500;
    /**
     * Largest handshake message a peer may announce. BC 1.82's DTLS reassembler allocates a message's full announced
     * length (24 bits, up to 16 MiB) at its first fragment, for up to 16 messages ahead, before any certificate is
     * checked, and its DTLS path ignores {@code TlsPeer.getMaxHandshakeMessageSize()}. 32 KiB is that TLS default of
     * BC's; a WebRTC handshake's largest messages are far below it: Chromium's ClientHello with a post-quantum key
     * share is about 1.4 kB and a self-signed certificate (even RSA 4096) under 2 kB.
     */
    static final int MAX_HANDSHAKE_MESSAGE_LENGTH = 32 * 1024;

    private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(INBOUND_CAPACITY);
    private final MpscUnboundedArrayQueue<byte[]> outbound = new MpscUnboundedArrayQueue<>(64);
    private final String label;
    private final int mtu;
    private final Runnable wakeup;
    private final AtomicLong dropped = new AtomicLong();
    private final InterruptedIOException empty = new NoRecordWaiting();
    private volatile boolean closed;
    /** Event-loop thread only; null once the handshake completed. */
    private ChangeCipherSpecGate gate;
    /** Event-loop thread only. */
    private final InvalidRecordFilter filter;
    /**
     * Set on the event loop once BC's handshake thread has returned: from then on receive never waits, and send
     * no longer calls the wakeup hook (every call comes from the event loop, which polls after it).
     */
    private volatile boolean nonBlocking;
    /** The shared worker permits, or null (a thread per handshake, no limit on computing). */
    private DtlsHandshakeWorkers workers;
    /** Event-loop thread only. */
    private long handedWhenConnected;
    /** Handshake thread only: whether it holds a worker permit now. */
    private boolean holdsWorker;
    /** Set before the handshake starts when it runs in virtual time (then no worker permits are used). */
    private VirtualTimeHandshake virtualTime;

    /** A transport whose peer's cipher suite is not known (the strictest AEAD length check applies). */
    QueueDatagramTransport(DtlsRole role, int mtu, Runnable wakeup) {
        this(role, mtu, wakeup, () -> -1);
    }

    /** @param cipherSuite the negotiated cipher suite once the handshake chose it, else -1 */
    QueueDatagramTransport(DtlsRole role, int mtu, Runnable wakeup, IntSupplier cipherSuite) {
        this.label = role.name().toLowerCase(java.util.Locale.ROOT);
        this.mtu = mtu;
        this.wakeup = wakeup;
        HandshakeFragments fragments = new HandshakeFragments();
        this.gate = new ChangeCipherSpecGate(role, fragments);
        this.filter = new InvalidRecordFilter(cipherSuite, fragments);
    }

    /**
     * Queues the records of a received datagram for BC, each copied (the caller keeps {@code data}). Returns false,
     * and counts, when any part was dropped: bytes that are not a whole record, a record beyond
     * {@link #RECEIVE_LIMIT}, an invalid record ({@link InvalidRecordFilter}: among others a plaintext handshake
     * record announcing a message over {@link #MAX_HANDSHAKE_MESSAGE_LENGTH}), a ChangeCipherSpec the gate holds
     * back, a full queue, or a closed transport.
     */
    boolean offer(byte[] data, int off, int len) {
        if (closed) {
            dropped.incrementAndGet();
            return false;
        }
        boolean all = true;
        int end = off + len;
        for (int at = off; at < end; ) {
            int n = DtlsRecords.recordLength(data, at, end);
            if (n < 0) {
                dropped.incrementAndGet();
                LOG.debug("{}: dropped {} bytes that are not a whole DTLS record", label, end - at);
                return false;
            }
            all &= offerRecord(data, at, n);
            at += n;
        }
        return all;
    }

    private boolean offerRecord(byte[] data, int at, int n) {
        if (n > RECEIVE_LIMIT) {
            dropped.incrementAndGet();
            return false;
        }
        String invalid = filter.invalid(data, at, n);
        if (invalid != null) {
            dropped.incrementAndGet();
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}: dropped {}: {}", label, invalid, DtlsRecords.describe(data, at, n));
            }
            return false;
        }
        int type = data[at] & 0xff;
        boolean epochZero = DtlsRecords.epoch(data, at) == 0;
        ChangeCipherSpecGate g = gate;
        if (g != null && epochZero && type == DtlsRecords.CHANGE_CIPHER_SPEC && !g.admits(data, at)) {
            dropped.incrementAndGet();
            LOG.debug("{}: ChangeCipherSpec held back, a handshake message sent before it is missing: {}", label,
                    DtlsRecords.describe(data, at, n));
            return false;
        }
        if (inbound.remainingCapacity() == 0) {
            dropped.incrementAndGet();
            return false;
        }
        byte[] record = Arrays.copyOfRange(data, at, at + n);
        if (epochZero) {
            DtlsRecords.setSequenceNumber(record, 0, filter.handedToBc(data, at));
        }
        inbound.offer(record); // only this thread adds: the room seen above is still there
        if (g != null && epochZero && type == DtlsRecords.HANDSHAKE) {
            g.delivered(data, at, n);
        }
        return true;
    }

    /** Before the handshake starts: waits and timers follow {@code v}'s virtual clock. */
    void useVirtualTime(VirtualTimeHandshake v) {
        this.virtualTime = v;
    }

    /** Before the handshake starts: take a permit of {@code w} while computing, give it back while waiting. */
    void useWorkers(DtlsHandshakeWorkers w) {
        this.workers = w;
    }

    /** On the handshake thread, before BC starts: waits for a worker permit; false when interrupted. */
    boolean beginComputing() {
        if (workers == null) {
            return true;
        }
        holdsWorker = workers.acquire();
        return holdsWorker;
    }

    /** On the handshake thread, once BC returned (or failed): gives the worker permit back. */
    void endComputing() {
        if (holdsWorker) {
            holdsWorker = false;
            workers.release();
        }
    }

    /**
     * Called on the event loop once BC's handshake returned (its thread no longer calls {@link #receive}): drops the
     * handshake bookkeeping, and makes {@link #receive} return at once instead of waiting for a record.
     */
    void connected() {
        gate = null;
        filter.connected();
        nonBlocking = true;
    }

    boolean hasInbound() {
        return !inbound.isEmpty();
    }

    int inboundSize() {
        return inbound.size();
    }

    /**
     * The next datagram to send. Handshake, ChangeCipherSpec and alert records queued one after another are packed
     * together up to the MTU (RFC 6347 §4.1.1 allows several records per datagram; it keeps a flight's
     * ChangeCipherSpec and Finished together). An application-data record always travels alone: OpenSSL-based
     * peers such as libdatachannel call {@code SSL_read} once per received datagram, which returns one record and
     * leaves the others behind to come out one per later datagram: SCTP packets bundled behind another reached
     * usrsctp late or never (channels opened in seconds, then the association stalled).
     */
    byte[] pollOutbound() {
        byte[] first = outbound.poll();
        if (first == null) {
            return null;
        }
        byte[] next = outbound.peek();
        if (!packable(first, next, first.length)) {
            return first;
        }
        // Only this (event-loop) thread consumes, so what peek saw is what poll takes.
        ArrayList<byte[]> records = new ArrayList<>(4);
        records.add(first);
        int total = first.length;
        while (packable(first, next, total)) {
            records.add(outbound.poll());
            total += next.length;
            next = outbound.peek();
        }
        byte[] datagram = new byte[total];
        int at = 0;
        for (byte[] r : records) {
            System.arraycopy(r, 0, datagram, at, r.length);
            at += r.length;
        }
        return datagram;
    }

    /** Whether {@code next} may join a datagram that starts with {@code first} and holds {@code total} bytes. */
    private boolean packable(byte[] first, byte[] next, int total) {
        return next != null && total + next.length <= mtu
                && !DtlsRecords.isApplicationData(first) && !DtlsRecords.isApplicationData(next);
    }

    long dropped() {
        return dropped.get();
    }

    void countDropped() {
        dropped.incrementAndGet();
    }

    void countDropped(long n) {
        dropped.addAndGet(n);
    }

    /** Records {@link #receive} handed to BC since the handshake returned (event-loop thread only). */
    long handedWhenConnected() {
        return handedWhenConnected;
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return mtu;
    }

    /**
     * Hands BC the next queued record. During the handshake this waits up to {@code waitMillis} (BC's own
     * retransmission clock). Once connected it never waits: with nothing queued it throws an
     * {@link InterruptedIOException}, which BC passes up without failing the connection, so a record that carries
     * no application data (a retransmitted handshake record, a replay, a bad MAC) costs no millisecond of waiting.
     */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        byte[] d;
        if (nonBlocking) {
            d = inbound.poll();
            if (d == null) {
                throw empty;
            }
            handedWhenConnected++;
        } else {
            d = inbound.poll();
            if (d == null && waitMillis > 0) {
                d = waitForPeer(waitMillis);
            }
            if (d == null) {
                if (closed) {
                    throw new IOException("DTLS transport closed");
                }
                return -1;
            }
        }
        if (d.length > len) {
            // Cannot happen: BC passes getReceiveLimit() bytes and offer() keeps records within it.
            throw new IllegalStateException("record of " + d.length + " bytes for a buffer of " + len);
        }
        System.arraycopy(d, 0, buf, off, d.length);
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} BC takes {}", label, DtlsRecords.describe(d, 0, d.length));
        }
        return d.length;
    }

    /**
     * Waits for the peer's next record without holding a worker permit, so a silent peer blocks only this thread;
     * takes a permit again before BC computes on.
     */
    private byte[] waitForPeer(int waitMillis) throws InterruptedIOException {
        if (virtualTime != null) {
            try {
                return virtualTime.waitForRecord(inbound, waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a DTLS datagram");
            }
        }
        if (holdsWorker) {
            holdsWorker = false;
            workers.release();
        }
        byte[] d;
        try {
            d = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a DTLS datagram");
        }
        if (workers != null) {
            holdsWorker = workers.acquire();
            if (!holdsWorker) {
                // Interrupted (shutting down) while waiting for a permit: end the handshake rather than compute.
                throw new InterruptedIOException("interrupted while waiting for a DTLS handshake worker");
            }
        }
        return d;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        byte[] copy = Arrays.copyOfRange(buf, off, off + len);
        outbound.offer(copy);
        if (virtualTime != null && !nonBlocking) {
            virtualTime.sent();
        }
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} BC sends {}", label, DtlsRecords.describe(copy, 0, copy.length));
        }
        if (wakeup != null && !nonBlocking) {
            wakeup.run();
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    /** "Nothing queued" for BC's connected-state receive; one instance per transport, no stack trace. */
    private static final class NoRecordWaiting extends InterruptedIOException {
        private static final long serialVersionUID = 1L;

        NoRecordWaiting() {
            super("no DTLS record waiting");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
