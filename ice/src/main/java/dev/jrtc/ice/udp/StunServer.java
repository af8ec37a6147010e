package dev.jrtc.ice.udp;

import dev.jrtc.ice.stun.StunBindingResponder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A runnable STUN Binding server (RFC 8489 §7.3) on the Netty transport: a {@link StunBindingResponder} driven on
 * one UDP socket, the "who am I" server a deployment can run for server-reflexive candidates.
 *
 * <p>Run it with {@code java -cp ... dev.jrtc.ice.udp.StunServer 127.0.0.1 3478}. Thread-safe.
 */
final class StunServer implements AutoCloseable {
    private final UdpTransport transport;
    private final boolean ownsTransport;
    private final StunBindingResponder responder;
    private final SansIoDriver driver;
    private final InetSocketAddress localAddress;

    private StunServer(UdpTransport transport, boolean ownsTransport, InetSocketAddress bindAddress, String software) {
        this.transport = transport;
        this.ownsTransport = ownsTransport;
        this.responder = new StunBindingResponder(software);
        // The driver needs the socket's loop and the socket needs the driver: bind to a forwarding handler.
        CompletableFuture<SansIoDriver> driverRef = new CompletableFuture<>();
        this.localAddress = transport.bind(bindAddress, (now, local, remote, payload) -> {
            SansIoDriver d = driverRef.getNow(null);
            if (d != null) { // null only for a datagram racing the constructor: dropped like a lost packet
                d.handleDatagram(now, local, remote, payload);
            }
        });
        this.driver = new SansIoDriver(transport.eventLoop(localAddress), responder, transport);
        driverRef.complete(driver);
    }

    /**
     * Starts a server on {@code bindAddress} (port 0 picks one) with its own transport and event loop.
     *
     * @throws IllegalArgumentException when the address cannot be bound
     */
    public static StunServer start(InetSocketAddress bindAddress) {
        UdpTransport transport = new UdpTransport();
        try {
            return new StunServer(transport, true, bindAddress, "jrtc");
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /** Starts a server on a socket of the caller's transport (closing the server closes only that socket). */
    public static StunServer start(UdpTransport transport, InetSocketAddress bindAddress) {
        return new StunServer(transport, false, bindAddress, "jrtc");
    }

    /** The bound address. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Success responses sent so far. */
    public long successResponses() {
        return onLoop(responder::successResponses);
    }

    /** Error responses sent so far. */
    public long errorResponses() {
        return onLoop(responder::errorResponses);
    }

    /** Datagrams dropped so far (malformed, bad fingerprint, not a request). */
    public long dropped() {
        return onLoop(() -> responder.malformedDropped() + responder.badFingerprintDropped()
                + responder.notRequestDropped());
    }

    private long onLoop(java.util.function.LongSupplier read) {
        // The responder's counters belong to the loop thread; read them there.
        return driver.eventLoop().submit(read::getAsLong).syncUninterruptibly().getNow();
    }

    /** Stops answering and closes its socket (and the transport and event loop when the server created them). */
    @Override
    public void close() {
        driver.close();
        transport.unbind(localAddress);
        if (ownsTransport) {
            transport.close();
        }
    }

    /** Runs a server on {@code args[0]} (default 127.0.0.1) port {@code args[1]} (default 3478) until killed. */
    public static void main(String[] args) throws Exception {
        InetAddress host = InetAddress.getByName(args.length > 0 ? args[0] : "127.0.0.1");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 3478;
        CountDownLatch stop = new CountDownLatch(1);
        try (StunServer server = start(new InetSocketAddress(host, port))) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            org.slf4j.LoggerFactory.getLogger(StunServer.class).info("STUN server on {}", server.localAddress());
            stop.await(Long.MAX_VALUE, TimeUnit.DAYS);
        }
    }
}
