package dev.jrtc.ice.turn;

import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jrtc.ice.Transmit;
import dev.jrtc.ice.stun.StunMessage;
import java.util.Arrays;

/**
 * Fuzzes {@link TurnClient#handleDatagram} with arbitrary datagrams from the server address. Property: no exception
 * on any input, and the client stays usable (timers, transmits, sends still work). Seeds (Data indications,
 * ChannelData padded/truncated/unbound, 401/438 challenges, unauthenticated successes, garbage) replay in every build.
 *
 * <p>Input layout: byte 0 picks the client's situation (bits 1-2: allocating with the authenticated Allocate in
 * flight, allocated with a CreatePermission in flight, or allocated with a bound channel) and whether (bit 0) the
 * datagram's transaction id is overwritten with the id of the request in flight, so that the fuzzer reaches the
 * response paths it could never reach by guessing 96 random bits; the rest is the datagram.
 */
class TurnClientFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void handleArbitraryDatagrams(byte[] input) {
        if (input.length == 0) return;
        int control = input[0] & 0xFF;
        byte[] datagram = Arrays.copyOfRange(input, 1, input.length);
        TurnHarness h = new TurnHarness();
        Transmit inFlight = setUp(h, (control >>> 1) & 3);
        if ((control & 1) != 0 && inFlight != null && datagram.length >= StunMessage.HEADER_LENGTH) {
            System.arraycopy(inFlight.data(), 8, datagram, 8, 12);
        }
        long droppedBefore = h.client.droppedDatagrams();
        h.client.isTurnTraffic(datagram);
        h.client.handleDatagram(h.now, ScriptedTurnServer.ADDRESS, TurnHarness.LOCAL, datagram);
        for (TurnClientEvent e = h.client.pollEvent(); e != null; e = h.client.pollEvent()) assertNotNull(e);
        for (Transmit t = h.client.pollTransmit(); t != null; t = h.client.pollTransmit()) {
            assertEquals(ScriptedTurnServer.ADDRESS, t.destination());
        }
        assertTrue(h.client.droppedDatagrams() >= droppedBefore);
        // Still drivable afterwards: timers run, and sending either works or is counted.
        h.client.handleTimeout(h.now + 1_000_000_000L);
        if (h.client.state() == TurnClient.State.ALLOCATED) {
            h.client.send(h.now, TurnHarness.PEER, new byte[] {1});
        }
        h.client.pollTimeout();
        h.client.close(h.now);
    }

    /** Brings the client to a situation and returns the request it has in flight (not delivered), or null. */
    private static Transmit setUp(TurnHarness h, int situation) {
        if (situation == 0) {
            h.client.start(h.now);
            Transmit first = h.client.pollTransmit();
            for (byte[] answer : h.server.handle(first)) {
                h.client.handleDatagram(h.now, ScriptedTurnServer.ADDRESS, TurnHarness.LOCAL, answer);
            }
            return h.client.pollTransmit(); // the authenticated Allocate
        }
        h.allocated();
        if (situation == 1) {
            h.client.createPermission(h.now, TurnHarness.PEER);
            return h.client.pollTransmit();
        }
        h.client.send(h.now, TurnHarness.PEER, new byte[] {0});
        h.pump();
        h.advance(540); // a Refresh goes out at 540 s; keep it in flight
        h.server.answering = false;
        h.advance(1e-9);
        h.server.answering = true;
        return h.sent.isEmpty() ? null : h.sent.get(h.sent.size() - 1);
    }
}
