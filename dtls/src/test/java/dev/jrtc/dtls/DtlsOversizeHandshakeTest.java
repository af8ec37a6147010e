package dev.jrtc.dtls;

import static dev.jrtc.dtls.DtlsPair.first;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A peer cannot make Bouncy Castle allocate what a fragment header announces (RFC 6347 §4.2.2: a 24-bit message
 * length): sixteen one-byte fragments announcing 16 MiB messages each (BC's reassembler would allocate them all, some
 * 256 MiB, before any certificate is checked) are dropped and counted below BC, and the handshake thread allocates
 * next to nothing; a real handshake, with every message fragmented, still completes afterwards.
 */
class DtlsOversizeHandshakeTest {
    private static final int ANNOUNCED = 0xFFFFFF; // 16 MiB - 1, the largest 24-bit length

    /** An epoch-0 handshake record with one ClientHello fragment of 1 byte of a message announced as {@code length}. */
    static byte[] fragment(int messageSeq, int length) {
        byte[] r = new byte[13 + 12 + 1];
        r[0] = 22; // handshake
        r[1] = (byte) 0xFE;
        r[2] = (byte) 0xFD; // DTLS 1.2
        r[10] = (byte) messageSeq; // record sequence number
        r[12] = 13; // record length: fragment header + 1 byte
        int h = 13;
        r[h] = 1; // client_hello
        r[h + 1] = (byte) (length >>> 16);
        r[h + 2] = (byte) (length >>> 8);
        r[h + 3] = (byte) length;
        r[h + 5] = (byte) messageSeq;
        r[h + 11] = 1; // fragment_length; fragment_offset 0
        r[h + 12] = 0x42;
        return r;
    }

    @Test
    void sixteenHugeAnnouncedMessagesAreDroppedCountedAndAllocateNothing() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "this JVM measures no per-thread allocation");
        threads.setThreadAllocatedMemoryEnabled(true);
        DtlsCertificate serverCert = DtlsCertificate.generateEcdsaP256();
        DtlsCertificate clientCert = DtlsCertificate.generateEcdsaP256();
        AtomicReference<Thread> handshakeThread = new AtomicReference<>();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "oversize-test-handshake");
            t.setDaemon(true);
            handshakeThread.set(t);
            return t;
        });
        DtlsPair pair = new DtlsPair(
                DtlsConfig.of(DtlsRole.CLIENT, clientCert, serverCert.fingerprint()).withMtu(256),
                DtlsConfig.of(DtlsRole.SERVER, serverCert, clientCert.fingerprint()).withHandshakeExecutor(worker));
        try {
            pair.server.start();
            Thread t = waitForThread(handshakeThread);
            awaitWaiting(t);
            long before = threads.getThreadAllocatedBytes(t.getId());

            for (int seq = 0; seq < 16; seq++) {
                byte[] f = fragment(seq, ANNOUNCED);
                pair.server.handleDatagram(System.nanoTime(), f, 0, f.length);
            }
            assertEquals(16, pair.server.droppedDatagrams(), "each oversize announcement is dropped and counted");
            // Had the fragments reached BC, its thread would have taken and reassembled them by now.
            Thread.sleep(200);
            awaitWaiting(t);
            long allocated = threads.getThreadAllocatedBytes(t.getId()) - before;
            assertTrue(allocated < 4L << 20, "the handshake thread allocated " + allocated + " bytes");
            pair.collect();
            assertNull(first(pair.serverEvents, DtlsEvent.Failed.class), "the server still waits for a ClientHello");

            // A real client, MTU 256 so every handshake message arrives in fragments, still connects.
            pair.client.start();
            assertTrue(pair.pumpUntil(pair::bothConnected, 15_000), pair.clientEvents + " " + pair.serverEvents);
            assertEquals(16, pair.server.droppedDatagrams(), "no legitimate fragment was dropped");
        } finally {
            pair.close();
            worker.shutdownNow();
        }
    }

    @Test
    void fragmentsAnnouncingUpToTheCapPass() {
        byte[] atCap = fragment(0, QueueDatagramTransport.MAX_HANDSHAKE_MESSAGE_LENGTH);
        byte[] overCap = fragment(1, QueueDatagramTransport.MAX_HANDSHAKE_MESSAGE_LENGTH + 1);
        assertEquals(QueueDatagramTransport.MAX_HANDSHAKE_MESSAGE_LENGTH,
                DtlsRecords.largestHandshakeMessage(atCap, 0, atCap.length));
        QueueDatagramTransport q = new QueueDatagramTransport(DtlsRole.SERVER, 1200, null);
        assertTrue(q.offer(atCap, 0, atCap.length));
        assertEquals(0, q.dropped());
        assertTrue(!q.offer(overCap, 0, overCap.length));
        assertEquals(1, q.dropped());
    }

    private static Thread waitForThread(AtomicReference<Thread> ref) throws InterruptedException {
        for (int i = 0; i < 500 && ref.get() == null; i++) Thread.sleep(10);
        Thread t = ref.get();
        assertTrue(t != null, "the handshake thread started");
        return t;
    }

    /** Waits (bounded) until the handshake thread blocks for a record: BC has processed everything it was given. */
    private static void awaitWaiting(Thread t) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            if (t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.WAITING) return;
            Thread.sleep(5);
        }
        throw new AssertionError("the handshake thread never waited for a record: " + t.getState());
    }
}
