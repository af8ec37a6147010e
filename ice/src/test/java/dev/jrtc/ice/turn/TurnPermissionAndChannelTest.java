package dev.jrtc.ice.turn;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.Transmit;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMethod;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Permissions (RFC 8656 §9), Send/Data indications (§10, §11), channels and ChannelData (§12), in virtual time. */
class TurnPermissionAndChannelTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private static TurnHarness withoutAutoChannels() {
        return new TurnHarness(TurnClientConfig.of(new TurnServer(ScriptedTurnServer.ADDRESS, ScriptedTurnServer.USER,
                ScriptedTurnServer.PASSWORD), TurnHarness.LOCAL, new Random(1)).withAutoChannelBind(false)).allocated();
    }

    @Test
    void dataWaitsForThePermissionThenGoesInSendIndications() {
        TurnHarness h = withoutAutoChannels();
        h.client.send(h.now, TurnHarness.PEER, new byte[] {1, 2});
        h.client.send(h.now, TurnHarness.PEER, new byte[] {3});
        assertFalse(h.client.hasPermission(TurnHarness.PEER.getAddress()), "nothing sent before the permission");
        h.pump();
        assertEquals(1, h.server.count(StunMethod.CREATE_PERMISSION), "one request for both datagrams");
        assertEquals(TurnHarness.PEER, h.server.permissions.get(0));
        assertEquals(2, h.server.sendIndications.size());
        StunMessage send = h.server.sendIndications.get(0);
        assertEquals(TurnHarness.PEER, send.xorPeerAddress().orElseThrow());
        assertArrayEquals(new byte[] {1, 2}, send.attribute(0x0013).orElseThrow().value());
        assertEquals(1, h.eventsOf(TurnClientEvent.PermissionCreated.class).size());
        assertTrue(h.client.hasPermission(TurnHarness.PEER.getAddress()));
        for (Transmit t : h.sent) {
            assertEquals(TurnHarness.LOCAL, t.source());
            assertEquals(ScriptedTurnServer.ADDRESS, t.destination());
        }
    }

    @Test
    void dataIndicationsFromPermittedPeersArePeerData() {
        TurnHarness h = withoutAutoChannels();
        h.client.createPermission(h.now, TurnHarness.PEER);
        h.pump();
        h.client.handleDatagram(h.now, ScriptedTurnServer.ADDRESS, TurnHarness.LOCAL,
                h.server.dataIndication(TurnHarness.PEER, new byte[] {(byte) 0x80, 1}));
        h.client.handleDatagram(h.now, ScriptedTurnServer.ADDRESS, TurnHarness.LOCAL,
                h.server.dataIndication(new InetSocketAddress("203.0.113.9", 1), new byte[] {5}));
        h.pump();
        TurnClientEvent.PeerData data = h.eventsOf(TurnClientEvent.PeerData.class).get(0);
        assertEquals(TurnHarness.PEER, data.peer());
        assertArrayEquals(new byte[] {(byte) 0x80, 1}, data.data());
        assertEquals(1, h.eventsOf(TurnClientEvent.PeerData.class).size(), "no permission for 203.0.113.9");
        assertEquals(1, h.client.droppedDatagrams());
        assertEquals(1, h.client.receivedDataIndications());
    }

    @Test
    void boundChannelCarriesChannelDataBothWays() {
        TurnHarness h = new TurnHarness().allocated();
        h.client.send(h.now, TurnHarness.PEER, new byte[] {1});
        h.pump();
        assertEquals(1, h.server.count(StunMethod.CHANNEL_BIND));
        assertEquals(TurnHarness.PEER, h.server.channels.get(0x4000));
        assertEquals(0x4000, h.client.channelFor(TurnHarness.PEER));
        assertEquals(1, h.server.sendIndications.size(), "the first datagram went before the channel was bound");

        h.client.send(h.now, TurnHarness.PEER, new byte[] {2, 3});
        h.pump();
        assertEquals(1, h.server.channelData.size());
        assertEquals(new TurnChannelData(0x4000, new byte[] {2, 3}), h.server.channelData.get(0));

        h.client.handleDatagram(h.now, ScriptedTurnServer.ADDRESS, TurnHarness.LOCAL,
                new TurnChannelData(0x4000, new byte[] {7, 7, 7}).encode());
        h.client.handleDatagram(h.now, ScriptedTurnServer.ADDRESS, TurnHarness.LOCAL,
                new TurnChannelData(0x4001, new byte[] {6}).encode());
        h.pump();
        TurnClientEvent.PeerData data = h.eventsOf(TurnClientEvent.PeerData.class).get(0);
        assertEquals(TurnHarness.PEER, data.peer());
        assertArrayEquals(new byte[] {7, 7, 7}, data.data());
        assertEquals(1, h.client.droppedDatagrams(), "0x4001 is bound to nobody");
        assertEquals(1, h.eventsOf(TurnClientEvent.ChannelBound.class).size());
    }

    @Test
    void eachPeerGetsItsOwnChannelNumber() {
        TurnHarness h = new TurnHarness().allocated();
        InetSocketAddress samePortOtherHost = new InetSocketAddress("198.51.100.8", 6000);
        InetSocketAddress sameHostOtherPort = new InetSocketAddress("198.51.100.7", 6001);
        h.client.send(h.now, TurnHarness.PEER, new byte[] {1});
        h.client.send(h.now, samePortOtherHost, new byte[] {1});
        h.client.send(h.now, sameHostOtherPort, new byte[] {1});
        h.pump();
        assertEquals(0x4000, h.client.channelFor(TurnHarness.PEER));
        assertEquals(0x4001, h.client.channelFor(samePortOtherHost));
        assertEquals(0x4002, h.client.channelFor(sameHostOtherPort));
        assertEquals(2, h.server.count(StunMethod.CREATE_PERMISSION), "permissions are per IP, ports do not count");
    }

    @Test
    void permissionsInUseAreRefreshedEvery180SecondsAndIdleOnesLapse() {
        TurnHarness h = withoutAutoChannels();
        h.client.send(h.now, TurnHarness.PEER, new byte[] {1});
        h.pump();
        for (int i = 0; i < 4; i++) {
            h.advance(60);
            h.client.send(h.now, TurnHarness.PEER, new byte[] {1});
            h.pump();
        }
        // Sends at 60, 120, 180, 240 s; refreshes at 180 s (used) and not yet at 360 s.
        assertEquals(2, h.server.count(StunMethod.CREATE_PERMISSION));
        h.advance(130);
        assertEquals(3, h.server.count(StunMethod.CREATE_PERMISSION), "used after the 180 s refresh: refreshed at 360 s");
        h.advance(180);
        assertEquals(3, h.server.count(StunMethod.CREATE_PERMISSION), "idle since 360 s: not refreshed at 540 s");
        assertFalse(h.client.hasPermission(TurnHarness.PEER.getAddress()));
        h.client.send(h.now, TurnHarness.PEER, new byte[] {1});
        h.pump();
        assertEquals(4, h.server.count(StunMethod.CREATE_PERMISSION), "a later send installs it again");
        assertTrue(h.server.permissions.size() > 0);
    }

    @Test
    void channelsInUseAreRefreshedEvery300Seconds() {
        TurnHarness h = new TurnHarness().allocated();
        h.client.send(h.now, TurnHarness.PEER, new byte[] {1});
        h.pump();
        long boundAt = h.now;
        for (int i = 0; i < 9; i++) {
            h.advance(60);
            h.client.send(h.now, TurnHarness.PEER, new byte[] {1});
            h.pump();
        }
        assertTrue(h.now - boundAt >= 540 * SECOND);
        assertEquals(2, h.server.count(StunMethod.CHANNEL_BIND), "bound at 0 s, refreshed at 300 s");
        StunMessage refresh = h.server.last(StunMethod.CHANNEL_BIND);
        assertEquals(TurnHarness.PEER, refresh.xorPeerAddress().orElseThrow());
        assertEquals(1, h.eventsOf(TurnClientEvent.ChannelBound.class).size(), "a refresh is no new binding");
        assertEquals(0x4000, h.client.channelFor(TurnHarness.PEER));
    }

    @Test
    void refusedPermissionDropsQueuedDataAndIsReported() {
        TurnHarness h = withoutAutoChannels();
        h.server.failMethod = StunMethod.CREATE_PERMISSION;
        h.server.failCode = 403;
        h.client.send(h.now, TurnHarness.PEER, new byte[] {1});
        h.client.send(h.now, TurnHarness.PEER, new byte[] {2});
        h.pump();
        TurnClientEvent.PermissionFailed failed = h.eventsOf(TurnClientEvent.PermissionFailed.class).get(0);
        assertEquals(403, failed.code());
        assertEquals(2, h.client.droppedSends());
        assertEquals(0, h.server.sendIndications.size());
        h.client.send(h.now, TurnHarness.PEER, new byte[] {3});
        h.pump();
        assertEquals(1, h.server.count(StunMethod.CREATE_PERMISSION), "no retry within 5 s");
        h.advance(5);
        h.client.send(h.now, TurnHarness.PEER, new byte[] {4});
        h.pump();
        assertEquals(2, h.server.count(StunMethod.CREATE_PERMISSION));
        assertEquals(1, h.server.sendIndications.size());
    }

    @Test
    void queueWhilePermissionIsPendingIsBounded() {
        TurnHarness h = withoutAutoChannels();
        for (int i = 0; i < 20; i++) h.client.send(h.now, TurnHarness.PEER, new byte[] {(byte) i});
        h.pump();
        assertEquals(16, h.server.sendIndications.size());
        assertEquals(4, h.client.droppedSends());
    }

    @Test
    void refusedChannelBindFallsBackToSendIndications() {
        TurnHarness h = new TurnHarness().allocated();
        h.server.failMethod = StunMethod.CHANNEL_BIND;
        h.server.failCode = 400;
        h.client.send(h.now, TurnHarness.PEER, new byte[] {1});
        h.pump();
        h.client.send(h.now, TurnHarness.PEER, new byte[] {2});
        h.pump();
        assertEquals(1, h.eventsOf(TurnClientEvent.ChannelBindFailed.class).size());
        assertEquals(-1, h.client.channelFor(TurnHarness.PEER));
        assertEquals(2, h.server.sendIndications.size());
        assertEquals(1, h.server.count(StunMethod.CHANNEL_BIND), "no new bind attempt on every send");
    }
}
