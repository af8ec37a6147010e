package dev.jrtc.ice.udp;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.stun.StunClass;
import dev.jrtc.ice.stun.StunClientEvent;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMethod;
import dev.jrtc.ice.stun.StunRetransmission;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A StunClient transaction run by a SansIoDriver on Netty against our StunServer, over loopback v4 and v6. */
class StunServerLoopbackTest {

    /** Runs one Binding transaction from a fresh socket on {@code transport} to {@code server}. */
    static StunClientEvent bind(UdpTransport transport, String loopback, InetSocketAddress server,
            StunRetransmission timers) throws Exception {
        try (LoopbackStunExchange exchange = new LoopbackStunExchange(transport, loopback, timers)) {
            StunClientEvent ev = exchange.exchange(server, tid -> StunMessage.builder(StunClass.REQUEST,
                    StunMethod.BINDING, tid).fingerprint().build());
            assertEquals(exchange.local(), ev.transaction().source());
            return ev;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void clientLearnsItsOwnAddressFromOurServer(String loopback) throws Exception {
        try (StunServer server = StunServer.start(new InetSocketAddress(loopback, 0));
                UdpTransport transport = new UdpTransport()) {
            // A first exchange in a cold JVM on a loaded machine can outlast the default 500 ms RTO, and a
            // retransmitted request would get a second response: a long RTO keeps the count below exact.
            StunClientEvent ev = bind(transport, loopback, server.localAddress(),
                    new StunRetransmission(TimeUnit.SECONDS.toNanos(5), 2, 2));
            StunClientEvent.Response r = assertInstanceOf(StunClientEvent.Response.class, ev);
            assertEquals(StunClass.SUCCESS_RESPONSE, r.response().messageClass());
            assertEquals(ev.transaction().source(), r.response().xorMappedAddress().orElseThrow());
            assertEquals("jrtc", r.response().software().orElseThrow());
            assertEquals(1, server.successResponses());
            assertEquals(0, server.dropped());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1"})
    void transactionTimesOutAgainstAClosedPort(String loopback) throws Exception {
        InetSocketAddress silent;
        try (StunServer server = StunServer.start(new InetSocketAddress(loopback, 0))) {
            silent = server.localAddress();
        }
        try (UdpTransport transport = new UdpTransport()) {
            StunClientEvent ev = bind(transport, loopback, silent,
                    new StunRetransmission(TimeUnit.MILLISECONDS.toNanos(20), 3, 2));
            assertInstanceOf(StunClientEvent.Timeout.class, ev);
            assertEquals(3, ev.transaction().requestsSent());
        }
    }
}
