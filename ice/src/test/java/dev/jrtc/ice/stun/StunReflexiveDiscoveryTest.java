package dev.jrtc.ice.stun;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.SansIoEndpoint;
import dev.jrtc.ice.Transmit;
import dev.jrtc.testkit.LinkConditions;
import dev.jrtc.testkit.Nat;
import dev.jrtc.testkit.NatType;
import dev.jrtc.testkit.VirtualClock;
import dev.jrtc.testkit.VirtualNetwork;
import dev.jrtc.testkit.VirtualSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * StunClient against StunBindingResponder on a seeded VirtualNetwork: server-reflexive addresses behind each NAT
 * type, and recovery from loss by retransmission. Deterministic: virtual clock, explicit nanos.
 */
class StunReflexiveDiscoveryTest {
    private static final InetSocketAddress SERVER_1 = new InetSocketAddress("192.0.2.1", 3478);
    private static final InetSocketAddress SERVER_2 = new InetSocketAddress("198.51.100.1", 3478);
    private static final InetSocketAddress CLIENT = new InetSocketAddress("10.0.0.2", 5000);

    private final VirtualClock clock = new VirtualClock();
    private final Map<InetSocketAddress, VirtualSocket> sockets = new HashMap<>();
    private final Map<InetSocketAddress, SansIoEndpoint> endpoints = new HashMap<>();

    private void drain(SansIoEndpoint e) {
        for (Transmit t = e.pollTransmit(); t != null; t = e.pollTransmit()) {
            sockets.get(t.source()).send(clock.nowNanos(), t.destination(), t.data());
        }
    }

    private void attach(VirtualNetwork net, Nat nat, InetSocketAddress local, SansIoEndpoint e) {
        VirtualSocket s = nat == null
                ? net.bind(local, (now, from, to, data) -> { e.handleDatagram(now, from, to, data); drain(e); })
                : net.bind(nat, local, (now, from, to, data) -> { e.handleDatagram(now, from, to, data); drain(e); });
        sockets.put(local, s);
        endpoints.put(local, e);
    }

    /** Advances to the next delivery or timeout until idle; bounded. */
    private void run(VirtualNetwork net) {
        for (int i = 0; i < 10_000; i++) {
            long next = net.nextDeliveryNanos();
            for (SansIoEndpoint e : endpoints.values()) {
                next = Math.min(next, e.pollTimeout());
            }
            if (next == Long.MAX_VALUE) {
                return;
            }
            clock.advanceTo(Math.max(next, clock.nowNanos()));
            net.deliverDue(clock.nowNanos());
            for (SansIoEndpoint e : List.copyOf(endpoints.values())) {
                e.handleTimeout(clock.nowNanos());
                drain(e);
            }
        }
        fail("did not settle in 10000 steps");
    }

    private Map<InetSocketAddress, StunClientEvent> discover(long seed, NatType natType, LinkConditions link) {
        VirtualNetwork net = new VirtualNetwork(seed);
        net.setDefaultConditions(link);
        Nat nat;
        try {
            nat = net.addNat(natType, InetAddress.getByName("203.0.113.1"));
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
        attach(net, null, SERVER_1, new StunBindingResponder(null));
        attach(net, null, SERVER_2, new StunBindingResponder(null));
        StunClient client = new StunClient(new Random(seed), StunRetransmission.DEFAULT);
        attach(net, nat, CLIENT, client);
        for (InetSocketAddress server : List.of(SERVER_1, SERVER_2)) {
            client.start(clock.nowNanos(), StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING,
                    client.newTransactionId()).fingerprint().build(), CLIENT, server);
        }
        drain(client);
        run(net);
        Map<InetSocketAddress, StunClientEvent> outcomes = new HashMap<>();
        for (StunClientEvent e = client.pollEvent(); e != null; e = client.pollEvent()) {
            outcomes.put(e.transaction().destination(), e);
        }
        return outcomes;
    }

    private static InetSocketAddress mapped(StunClientEvent e) {
        return assertInstanceOf(StunClientEvent.Response.class, e).response().xorMappedAddress().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(NatType.class)
    void reflexiveAddressIsTheNatMappingAndDiffersPerServerOnlyForSymmetricNat(NatType type) throws Exception {
        Map<InetSocketAddress, StunClientEvent> out =
                discover(1, type, new LinkConditions(TimeUnit.MILLISECONDS.toNanos(30), 0, 0, 0, 0));
        InetSocketAddress a = mapped(out.get(SERVER_1));
        InetSocketAddress b = mapped(out.get(SERVER_2));
        assertEquals(InetAddress.getByName("203.0.113.1"), a.getAddress());
        assertEquals(InetAddress.getByName("203.0.113.1"), b.getAddress());
        assertEquals(type.mappingPerDestination(), !a.equals(b), a + " vs " + b);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(60), out.get(SERVER_1).transaction().rttNanos());
    }

    @Test
    void retransmissionsRecoverFromHeavyLoss() {
        int recovered = 0;
        for (long seed = 1; seed <= 20; seed++) {
            sockets.clear();
            endpoints.clear();
            Map<InetSocketAddress, StunClientEvent> out =
                    discover(seed, NatType.PORT_RESTRICTED, new LinkConditions(TimeUnit.MILLISECONDS.toNanos(10), 0,
                            0.4, 0, 0));
            for (StunClientEvent e : out.values()) {
                if (e instanceof StunClientEvent.Response && e.transaction().requestsSent() > 1) {
                    recovered++;
                }
            }
            assertEquals(2, out.size(), "every transaction ends");
        }
        assertTrue(recovered >= 10, "retransmissions rescued only " + recovered + " transactions");
    }
}
