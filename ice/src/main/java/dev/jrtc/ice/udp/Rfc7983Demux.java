package dev.jrtc.ice.udp;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Demultiplexes datagrams by their first byte (RFC 7983 §7, RFC 9443) to one handler per {@link PacketKind}; the
 * only code that reads byte 0. Datagrams that are empty, of an unknown kind, or of a kind nobody registered for are
 * dropped and counted.
 *
 * <p>Handlers may be registered from any thread; datagrams are dispatched on the caller's (event loop) thread with
 * the payload borrowed as {@link DatagramHandler} describes.
 */
final class Rfc7983Demux implements DatagramHandler {
    private static final PacketKind[] KINDS = PacketKind.values();

    private final AtomicReferenceArray<DatagramHandler> handlers = new AtomicReferenceArray<>(KINDS.length);
    private final LongAdder[] received = new LongAdder[KINDS.length];
    private final LongAdder dropped = new LongAdder();

    /** A demux with no handlers (everything is dropped until some are registered). */
    public Rfc7983Demux() {
        for (int i = 0; i < received.length; i++) {
            received[i] = new LongAdder();
        }
    }

    /**
     * Routes datagrams of {@code kind} to {@code handler} (replacing any earlier one; null unregisters).
     *
     * @throws IllegalArgumentException for {@link PacketKind#UNKNOWN}, which is always dropped
     */
    public Rfc7983Demux on(PacketKind kind, DatagramHandler handler) {
        if (kind == PacketKind.UNKNOWN) {
            throw new IllegalArgumentException("datagrams of unknown kind are always dropped; no handler for them");
        }
        handlers.set(kind.ordinal(), handler);
        return this;
    }

    @Override
    public void handleDatagram(long nowNanos, InetSocketAddress local, InetSocketAddress remote, ByteBuf payload) {
        if (!payload.isReadable()) {
            dropped.increment();
            return;
        }
        PacketKind kind = PacketKind.classify(payload.getUnsignedByte(payload.readerIndex()));
        DatagramHandler handler = kind == PacketKind.UNKNOWN ? null : handlers.get(kind.ordinal());
        if (handler == null) {
            dropped.increment();
            return;
        }
        received[kind.ordinal()].increment();
        handler.handleDatagram(nowNanos, local, remote, payload);
    }

    /** Datagrams of {@code kind} handed to its handler. */
    public long received(PacketKind kind) {
        return received[kind.ordinal()].sum();
    }

    /** Datagrams dropped: empty, unknown kind, or no handler registered for their kind. */
    public long dropped() {
        return dropped.sum();
    }
}
