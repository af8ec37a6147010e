package dev.jrtc.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Checks each NAT type's mapping and filtering against RFC 4787 §4.1 and §5. */
class NatBehaviourTest {
    private static final InetSocketAddress INSIDE = new InetSocketAddress("10.0.0.2", 5000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("198.51.100.1", 3478);
    private static final InetSocketAddress SERVER_OTHER_PORT = new InetSocketAddress("198.51.100.1", 3479);
    private static final InetSocketAddress OTHER_HOST = new InetSocketAddress("198.51.100.2", 3478);

    private final VirtualNetwork net = new VirtualNetwork(1);
    private final List<InetSocketAddress> seenByServer = new ArrayList<>();
    private final List<InetSocketAddress> seenInside = new ArrayList<>();
    private VirtualSocket inside;
    private VirtualSocket server;
    private VirtualSocket serverOtherPort;
    private VirtualSocket otherHost;

    private void setUp(NatType type) throws Exception {
        Nat nat = net.addNat(type, InetAddress.getByName("203.0.113.1"));
        inside = net.bind(nat, INSIDE, (now, from, to, data) -> seenInside.add(from));
        server = net.bind(SERVER, (now, from, to, data) -> seenByServer.add(from));
        serverOtherPort = net.bind(SERVER_OTHER_PORT, (now, from, to, data) -> seenByServer.add(from));
        otherHost = net.bind(OTHER_HOST, (now, from, to, data) -> seenByServer.add(from));
    }

    private InetSocketAddress mappedTowards(InetSocketAddress destination) {
        inside.send(0, destination, new byte[1]);
        net.deliverDue(0);
        return seenByServer.get(seenByServer.size() - 1);
    }

    private boolean reaches(VirtualSocket from, InetSocketAddress mapped) {
        int before = seenInside.size();
        from.send(0, mapped, new byte[1]);
        net.deliverDue(0);
        return seenInside.size() > before;
    }

    @ParameterizedTest
    @EnumSource(NatType.class)
    void mappingIsPerDestinationOnlyForSymmetric(NatType type) throws Exception {
        setUp(type);
        InetSocketAddress first = mappedTowards(SERVER);
        InetSocketAddress second = mappedTowards(OTHER_HOST);
        assertEquals(InetAddress.getByName("203.0.113.1"), first.getAddress());
        if (type == NatType.SYMMETRIC) {
            assertNotEquals(first, second);
        } else {
            assertEquals(first, second);
        }
        assertEquals(first, mappedTowards(SERVER), "a mapping is reused for the same destination");
    }

    @ParameterizedTest
    @EnumSource(NatType.class)
    void filteringFollowsTheType(NatType type) throws Exception {
        setUp(type);
        InetSocketAddress mapped = mappedTowards(SERVER);
        assertEquals(true, reaches(server, mapped), "the destination itself always gets back in");
        boolean samePortOtherHost = reaches(otherHost, mapped);
        boolean sameHostOtherPort = reaches(serverOtherPort, mapped);
        switch (type) {
            case FULL_CONE -> { assertEquals(true, samePortOtherHost); assertEquals(true, sameHostOtherPort); }
            case ADDRESS_RESTRICTED -> { assertEquals(false, samePortOtherHost); assertEquals(true, sameHostOtherPort); }
            case PORT_RESTRICTED, SYMMETRIC -> { assertEquals(false, samePortOtherHost); assertEquals(false, sameHostOtherPort); }
        }
        long expectedFiltered = (samePortOtherHost ? 0 : 1) + (sameHostOtherPort ? 0 : 1);
        assertEquals(expectedFiltered, net.filtered());
    }

    @Test
    void hostsBehindTheSameNatTalkPrivatelyAndPublicHostsCannotReachPrivateAddresses() throws Exception {
        setUp(NatType.PORT_RESTRICTED);
        Nat nat = inside.nat();
        List<InetSocketAddress> seenByNeighbour = new ArrayList<>();
        InetSocketAddress neighbourAddress = new InetSocketAddress("10.0.0.3", 5000);
        net.bind(nat, neighbourAddress, (now, from, to, data) -> seenByNeighbour.add(from));
        inside.send(0, neighbourAddress, new byte[1]);
        server.send(0, neighbourAddress, new byte[1]);
        net.deliverDue(0);
        assertEquals(List.of(INSIDE), seenByNeighbour);
        assertEquals(0, nat.mappingCount(), "private traffic creates no mapping");
        assertEquals(1, net.unroutable());
    }

    @Test
    void hairpinningThroughOwnPublicAddressWorksForFullCone() throws Exception {
        setUp(NatType.FULL_CONE);
        InetSocketAddress mapped = mappedTowards(SERVER);
        inside.send(0, mapped, new byte[1]);
        net.deliverDue(0);
        assertEquals(List.of(mapped), seenInside);
    }
}
