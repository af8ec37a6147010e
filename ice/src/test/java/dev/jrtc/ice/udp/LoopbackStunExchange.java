package dev.jrtc.ice.udp;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jrtc.ice.stun.StunClient;
import dev.jrtc.ice.stun.StunClientEvent;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunRetransmission;
import dev.jrtc.ice.stun.StunTransactionId;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A test helper: one loopback socket with a StunClient run by a SansIoDriver, for request/response exchanges. */
final class LoopbackStunExchange implements AutoCloseable {
    private final UdpTransport transport;
    private final StunClient client;
    private final SansIoDriver driver;
    private final InetSocketAddress local;

    LoopbackStunExchange(UdpTransport transport, String loopback, StunRetransmission timers) {
        this.transport = transport;
        this.client = new StunClient(new SecureRandom(), timers);
        CompletableFuture<SansIoDriver> ref = new CompletableFuture<>();
        this.local = transport.bind(new InetSocketAddress(loopback, 0), (now, l, r, payload) -> {
            SansIoDriver d = ref.getNow(null); // never block the event loop; null only before start
            if (d != null) {
                d.handleDatagram(now, l, r, payload);
            }
        });
        this.driver = new SansIoDriver(transport.eventLoop(local), client, transport);
        ref.complete(driver);
    }

    InetSocketAddress local() {
        return local;
    }

    /** Sends the request built for a fresh transaction id and waits (at most 10 s) for the transaction's outcome. */
    StunClientEvent exchange(InetSocketAddress server, Function<StunTransactionId, StunMessage> request)
            throws InterruptedException {
        CompletableFuture<StunClientEvent> outcome = new CompletableFuture<>();
        driver.run(e -> client.start(System.nanoTime(), request.apply(client.newTransactionId()), local, server));
        for (int i = 0; i < 400 && !outcome.isDone(); i++) {
            driver.run(e -> {
                StunClientEvent ev = client.pollEvent();
                if (ev != null) {
                    outcome.complete(ev);
                }
            });
            Thread.sleep(25);
        }
        StunClientEvent ev = outcome.getNow(null);
        assertNotNull(ev, "no outcome within 10 s");
        return ev;
    }

    @Override
    public void close() {
        driver.close();
        transport.unbind(local);
    }
}
