package dev.jrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSRecordCallback;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.jctools.queues.MpscUnboundedArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DTLS 1.2 (RFC 6347) with use_srtp (RFC 5764) on Bouncy Castle, behind the non-blocking {@link DtlsTransport}.
 *
 * <p>BC's handshake blocks and keeps its own retransmission clock, so it runs on a worker (the one documented
 * exception to jrtc's sans-IO rule) fed through a {@link QueueDatagramTransport}; flights and events come back
 * through MPSC queues and the {@link DtlsConfig#wakeup()} hook. Once connected there is no thread hop per record:
 * {@link #handleDatagram} decrypts on the caller's thread and {@link #send} encrypts there, using BC's record layer
 * on the JDK's AES-GCM (through {@code JcaTlsCrypto}).
 */
public final class BcDtlsTransport implements DtlsTransport {
    private static final Logger LOG = LoggerFactory.getLogger(BcDtlsTransport.class);

    private enum State { NEW, HANDSHAKING, CONNECTED, CLOSED, FAILED }

    private final DtlsConfig config;
    private final QueueDatagramTransport datagrams;
    private final MpscUnboundedArrayQueue<DtlsEvent> events = new MpscUnboundedArrayQueue<>(16);
    private final DtlsPeerSupport support;
    private final byte[] receiveBuffer = new byte[QueueDatagramTransport.RECEIVE_LIMIT];
    private volatile State state = State.NEW;
    private volatile DTLSTransport connection;
    /**
     * Event-loop thread only: whether {@link #pollEvent} returned the HandshakeComplete. Records are decrypted on
     * this thread only after that, so no ApplicationData event can come out before it; and by then BC's handshake
     * thread has returned, so it no longer reads from {@link #datagrams}.
     */
    private boolean completeReported;
    /** Event-loop thread only: records BC accepted (authenticated, not a replay) since the handshake returned. */
    private long recordsAccepted;
    private final DTLSRecordCallback acceptedCounter = flags -> recordsAccepted++;

    /** Set in virtual-time mode: the handshake thread runs in lock step with the caller (see the constructor). */
    private final VirtualTimeHandshake virtualTime;

    public BcDtlsTransport(DtlsConfig config) {
        this(config, null);
    }

    /**
     * A transport whose handshake follows {@code virtualClock} (tests in virtual time): each call that hands the
     * handshake thread work ({@link #start}, {@link #handleDatagram}, {@link #handleTimeout}) returns only once that
     * thread is idle again, and BC's retransmission timer is reported by {@link #pollTimeout} on the virtual clock.
     * The handshake runs on a thread of its own (the config's executor and wakeup are not used). With a null clock
     * this is the ordinary transport.
     */
    public BcDtlsTransport(DtlsConfig config, java.util.function.LongSupplier virtualClock) {
        this.config = Objects.requireNonNull(config, "config");
        this.virtualTime = virtualClock == null ? null : new VirtualTimeHandshake(virtualClock);
        JcaTlsCrypto crypto = new JdkGcmTlsCrypto(new SecureRandom());
        this.support = new DtlsPeerSupport(crypto, config);
        this.datagrams = new QueueDatagramTransport(config.role(), config.mtu(),
                virtualTime == null ? config.wakeup() : null, () -> support.negotiatedSuite);
        if (virtualTime != null) {
            datagrams.useVirtualTime(virtualTime);
        }
    }

    @Override
    public void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("DTLS transport already started (state " + state + ")");
        }
        state = State.HANDSHAKING;
        if (virtualTime != null) {
            virtualTime.started();
            Thread t = new Thread(this::handshake, "jrtc-dtls-virtual-" + config.role().name().toLowerCase(java.util.Locale.ROOT));
            t.setDaemon(true);
            t.start();
            virtualTime.awaitIdle();
            return;
        }
        Executor executor = config.handshakeExecutor();
        if (executor instanceof DtlsHandshakeWorkers workers) {
            datagrams.useWorkers(workers);
        }
        Runnable job = this::handshake;
        if (executor != null) {
            executor.execute(job);
        } else {
            Thread t = new Thread(job, "jrtc-dtls-handshake-" + config.role().name().toLowerCase(java.util.Locale.ROOT));
            t.setDaemon(true);
            t.start();
        }
    }

    private void handshake() {
        try {
            if (!datagrams.beginComputing()) {
                throw new InterruptedIOException("interrupted while waiting for a DTLS handshake worker");
            }
            DTLSTransport established;
            if (config.role() == DtlsRole.CLIENT) {
                established = new DTLSClientProtocol().connect(new DtlsClientPeer(support.crypto, support), datagrams);
            } else {
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                // No HelloVerifyRequest: ICE connectivity checks already proved the peer's address (RFC 8842 §5.7).
                protocol.setVerifyRequests(false);
                established = protocol.accept(new DtlsServerPeer(support.crypto, support), datagrams);
            }
            if (state != State.HANDSHAKING) {
                established.close();
                return;
            }
            connection = established;
            state = State.CONNECTED;
            events.offer(new DtlsEvent.HandshakeComplete(support.keyingMaterial, support.remoteFingerprint, suiteName()));
        } catch (IOException | RuntimeException e) {
            if (state == State.HANDSHAKING) {
                state = State.FAILED;
                events.offer(new DtlsEvent.Failed(reason(e), e));
            }
        } finally {
            datagrams.endComputing();
            if (virtualTime != null) {
                virtualTime.finished();
            }
            wake();
        }
    }

    private String reason(Throwable e) {
        if (support.verificationFailure != null) {
            return support.verificationFailure;
        }
        if (e instanceof TlsTimeoutException) {
            return "DTLS handshake timed out after " + config.handshakeTimeout().toMillis() + " ms";
        }
        if (e instanceof TlsFatalAlert alert) {
            return "DTLS handshake failed with alert " + alert.getAlertDescription() + ": " + alert.getMessage();
        }
        return "DTLS handshake failed: " + e;
    }

    private String suiteName() {
        try {
            int suite = support.negotiatedSuite;
            for (java.lang.reflect.Field f : CipherSuite.class.getFields()) {
                if (f.getType() == int.class && f.getInt(null) == suite) {
                    return f.getName();
                }
            }
            return "0x" + Integer.toHexString(suite);
        } catch (IllegalAccessException e) {
            return "unknown";
        }
    }

    private void wake() {
        Runnable w = config.wakeup();
        if (w != null) {
            w.run();
        }
    }

    @Override
    public void handleDatagram(long nowNanos, byte[] data, int off, int len) {
        if (state == State.CLOSED || state == State.FAILED) {
            datagrams.countDropped();
            return;
        }
        datagrams.offer(data, off, len);
        if (completeReported && state == State.CONNECTED) {
            drain();
        } else if (virtualTime != null) {
            virtualTime.offered();
            virtualTime.awaitIdle();
        }
    }

    @Override
    public long pollTimeout() {
        return virtualTime == null ? Long.MAX_VALUE : virtualTime.deadline();
    }

    @Override
    public void handleTimeout(long nowNanos) {
        if (virtualTime != null && virtualTime.timeout(nowNanos)) {
            virtualTime.awaitIdle();
        }
    }

    /**
     * Decrypts every queued record on this (the event-loop) thread, also any the handshake thread left behind.
     * Once the handshake thread has returned, BC's {@code receive} never waits here: with no record left, our
     * transport throws an {@link InterruptedIOException}, which ends the loop.
     */
    private void drain() {
        DTLSTransport c = connection;
        long handedBefore = datagrams.handedWhenConnected();
        long acceptedBefore = recordsAccepted;
        try {
            while (datagrams.hasInbound() && state == State.CONNECTED) {
                int n = c.receive(receiveBuffer, 0, receiveBuffer.length, 1, acceptedCounter);
                while (n >= 0) {
                    events.offer(new DtlsEvent.ApplicationData(Arrays.copyOf(receiveBuffer, n)));
                    n = c.receivePending(receiveBuffer, 0, receiveBuffer.length, acceptedCounter);
                }
                if (support.closeNotifyReceived) {
                    closed();
                }
            }
        } catch (InterruptedIOException e) {
            // No record left: what remained carried no application data.
            if (support.closeNotifyReceived) {
                closed();
            }
        } catch (IOException e) {
            if (support.closeNotifyReceived) {
                closed();
            } else {
                state = State.FAILED;
                events.offer(new DtlsEvent.Failed("DTLS connection failed: " + e, e));
            }
        }
        // What BC discarded without a word (bad MAC or tag, replays, epochs it does not read) counts as dropped.
        datagrams.countDropped((datagrams.handedWhenConnected() - handedBefore) - (recordsAccepted - acceptedBefore));
    }

    private void closed() {
        if (state != State.CLOSED) {
            state = State.CLOSED;
            datagrams.close();
            events.offer(new DtlsEvent.Closed());
        }
    }

    @Override
    public void send(byte[] data, int off, int len) {
        if (state != State.CONNECTED) {
            throw new IllegalStateException("cannot send application data: DTLS is " + state + ", not CONNECTED");
        }
        try {
            connection.send(data, off, len);
        } catch (IOException e) {
            state = State.FAILED;
            events.offer(new DtlsEvent.Failed("DTLS send failed: " + e, e));
        }
    }

    @Override
    public byte[] pollTransmit() {
        return datagrams.pollOutbound();
    }

    @Override
    public DtlsEvent pollEvent() {
        DtlsEvent e = events.poll();
        if (e == null && completeReported && state == State.CONNECTED && datagrams.hasInbound()) {
            drain(); // records that arrived while the handshake was finishing
            e = events.poll();
        }
        if (e instanceof DtlsEvent.HandshakeComplete) {
            completeReported = true;
            datagrams.connected();
        }
        return e;
    }

    @Override
    public void close() {
        State s = state;
        if (s == State.CLOSED || s == State.FAILED) {
            return;
        }
        if (s == State.CONNECTED) {
            try {
                connection.close(); // sends close_notify
            } catch (IOException e) {
                LOG.debug("close_notify not sent: {}", e.toString());
            }
        }
        state = State.CLOSED;
        datagrams.close();
        if (virtualTime != null) {
            virtualTime.closed();
            virtualTime.awaitIdle();
        }
        events.offer(new DtlsEvent.Closed());
    }

    /** Records waiting for BC (tests pace bursts by it). */
    int inboundQueued() {
        return datagrams.inboundSize();
    }

    @Override
    public long droppedDatagrams() {
        return datagrams.dropped();
    }
}
