package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.sctp.datachannel.DataChannelState;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fast sender against a listener that blocks (W3C webrtc §6.2 send(), RFC 9260 §6.2): the receiver's unread
 * messages close SCTP's window so they cannot pile up, the sender's bufferedAmount climbs to the limit and send()
 * throws OperationError there (per channel and per connection), nothing is lost, and once the listener goes on
 * everything arrives in order and sending works again.
 */
class DataChannelBackPressureTest {
    private static final DtlsCertificate CERT = DtlsCertificate.generateEcdsaP256();
    private static final long CHANNEL_LIMIT = 2 << 20;
    private static final long CONNECTION_LIMIT = 3 << 20;
    private static final int MESSAGE = 16 * 1024;
    private PeerConnectionFactory factory;

    @BeforeEach
    void start() {
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(2)
                .withSctp(SctpSettings.defaults().withBufferLimits(CHANNEL_LIMIT, CONNECTION_LIMIT)));
    }

    @AfterEach
    void stop() {
        factory.close();
    }

    /** Sends numbered messages until send() refuses one (or 2000 were taken); returns how many were taken. */
    private static int fill(RtcDataChannel c, int firstSeq, RtcException[] refused) {
        for (int i = 0; i < 2000; i++) {
            byte[] m = new byte[MESSAGE];
            ByteBuffer.wrap(m).putInt(firstSeq + i);
            try {
                c.send(m);
            } catch (RtcException e) {
                refused[0] = e;
                return i;
            }
        }
        return 2000;
    }

    @Test
    void aBlockedListenerSlowsTheSenderWhichGetsOperationErrorAndRecovers() throws Exception {
        RtcConfiguration config = RtcConfiguration.defaults().withCertificate(CERT);
        try (PeerPair pair = new PeerPair(factory, config)) {
            PeerConnection a = pair.a;
            PeerConnection b = pair.b;
            CountDownLatch gate = new CountDownLatch(1);
            List<Integer> bulkSeen = new CopyOnWriteArrayList<>();
            List<Integer> sideSeen = new CopyOnWriteArrayList<>();
            BlockingQueue<RtcDataChannel> remote = new LinkedBlockingQueue<>();
            b.onDataChannel(ch -> {
                List<Integer> seen = ch.label().equals("bulk") ? bulkSeen : sideSeen;
                ch.onMessage(m -> {
                    seen.add(ByteBuffer.wrap(m.data()).getInt());
                    try {
                        gate.await(60, TimeUnit.SECONDS); // the application is stuck
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                remote.add(ch);
            });
            RtcDataChannel bulk = a.createDataChannel("bulk");
            RtcDataChannel side = a.createDataChannel("side");
            CompletableFuture<Void> open = new CompletableFuture<>();
            side.onOpen(() -> open.complete(null));
            PeerPair.negotiate(a, b);
            open.get(15, TimeUnit.SECONDS);
            assertNotNull(remote.poll(10, TimeUnit.SECONDS));
            assertNotNull(remote.poll(10, TimeUnit.SECONDS));

            // Per channel: the sender fills its 2 MiB and is refused, while the receiver holds about one window.
            RtcException[] refused = new RtcException[1];
            int bulkTaken = fill(bulk, 0, refused);
            assertNotNull(refused[0], "send() refused at some point");
            // SCTP may still be sending into the receiver's window while we fill: top up until the queue stays full,
            // so that bufferedAmount no longer moves under the assertions below.
            for (int round = 0; round < 50; round++) {
                Thread.sleep(100);
                int more = fill(bulk, bulkTaken, refused);
                bulkTaken += more;
                if (more == 0) break;
            }
            assertEquals("OperationError", refused[0].errorName());
            assertTrue(refused[0].getMessage().contains("'bulk' send queue is full"), refused[0].getMessage());
            assertTrue(bulk.bufferedAmount() <= CHANNEL_LIMIT && bulk.bufferedAmount() > CHANNEL_LIMIT - MESSAGE,
                    "bufferedAmount " + bulk.bufferedAmount());
            assertEquals(DataChannelState.OPEN, bulk.readyState(), "refusing a message does not close the channel");

            // Per connection: the other channel may add only what is left of the connection's 3 MiB.
            int sideTaken = fill(side, 0, refused);
            assertTrue(refused[0].getMessage().contains("connection's send queue is full"), refused[0].getMessage());
            assertTrue(bulk.bufferedAmount() + side.bufferedAmount() <= CONNECTION_LIMIT);
            assertTrue(sideTaken > 0 && sideTaken < bulkTaken, "side took " + sideTaken);

            // The receiver's memory stays within its window while its application is stuck, even after a while.
            Thread.sleep(1500);
            long backlog = b.receiveBacklog();
            int queued = ((SerialExecutor) b.callbacks()).pending();
            assertTrue(backlog <= (1 << 20) + MESSAGE + 4096, "receive backlog " + backlog);
            assertTrue(queued <= (1 << 20) / MESSAGE + 8, "callbacks waiting " + queued);
            assertEquals(1, bulkSeen.size() + sideSeen.size(), "the listener is stuck in its first message");
            assertTrue(a.connectionState() == RtcPeerConnectionState.CONNECTED, "a closed window is no failure: " + a.connectionState());
            RtcStats aTransport = a.getStats().get(10, TimeUnit.SECONDS).get("T01");
            assertTrue((Long) aTransport.get("jrtcDataChannelSendsRefused") >= 2, aTransport.toString());

            gate.countDown(); // the application goes on: the window reopens, everything arrives, in order
            long deadline = System.nanoTime() + 60_000_000_000L;
            while ((bulkSeen.size() < bulkTaken || sideSeen.size() < sideTaken) && System.nanoTime() < deadline) Thread.sleep(20);
            assertEquals(bulkTaken, bulkSeen.size(), "no message lost");
            assertEquals(sideTaken, sideSeen.size());
            for (int i = 0; i < bulkTaken; i++) assertEquals(i, bulkSeen.get(i), "in order");
            while (bulk.bufferedAmount() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
            assertEquals(0, bulk.bufferedAmount());
            int more = fill(bulk, bulkTaken, refused);
            assertTrue(more * (long) MESSAGE >= CHANNEL_LIMIT - MESSAGE, "sending works again: " + more);
            while (bulkSeen.size() < bulkTaken + more && System.nanoTime() < deadline) Thread.sleep(20);
            assertEquals(bulkTaken + more, bulkSeen.size());
            assertTrue(b.receiveBacklog() < MESSAGE + 1024, "the backlog drained: " + b.receiveBacklog());
        }
    }

    @Test
    void emptyMessagesAreBoundedTooThoughTheyHaveNoBytes() throws Exception {
        RtcConfiguration config = RtcConfiguration.defaults().withCertificate(CERT);
        try (PeerPair pair = new PeerPair(factory, config)) {
            CountDownLatch gate = new CountDownLatch(1);
            pair.b.onDataChannel(ch -> ch.onMessage(m -> {
                try {
                    gate.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            RtcDataChannel c = pair.a.createDataChannel("empty");
            CompletableFuture<Void> open = new CompletableFuture<>();
            c.onOpen(() -> open.complete(null));
            PeerPair.negotiate(pair.a, pair.b);
            open.get(15, TimeUnit.SECONDS);
            RtcException refused = null;
            int sent = 0;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (refused == null && sent < 300_000 && System.nanoTime() < deadline) {
                try {
                    c.send(new byte[0]);
                    sent++;
                } catch (RtcException e) {
                    refused = e;
                }
            }
            gate.countDown();
            assertNotNull(refused, "sent " + sent + " empty messages without a refusal");
            assertEquals("OperationError", refused.errorName());
            assertTrue(sent <= 2 * dev.jrtc.sctp.datachannel.DataChannels.MAX_QUEUED_CHUNKS_FOR_EMPTY + 20_000, "sent " + sent);
            assertEquals(0, c.bufferedAmount(), "empty messages add nothing to bufferedAmount (W3C)");
        }
    }
}
