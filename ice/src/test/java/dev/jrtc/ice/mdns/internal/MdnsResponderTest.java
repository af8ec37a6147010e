package dev.jrtc.ice.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The responder, sans IO: RFC 6762 §6, §6.1, §7.1, §8.3 and §10.1 as bytes in, bytes out, in virtual time. */
class MdnsResponderTest {
    private static final long S = 1_000_000_000L;
    private static final String NAME = "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b.local";
    private static final InetAddress V4 = address("192.168.1.23");
    private static final InetAddress V6 = address("2001:db8::23");

    private static InetAddress address(String literal) {
        return dev.jrtc.ice.internal.IpLiteral.parse(literal);
    }

    private static List<DnsMessage> drain(MdnsResponder r) {
        List<DnsMessage> out = new ArrayList<>();
        for (byte[] m = r.pollTransmit(); m != null; m = r.pollTransmit()) out.add(DnsMessage.parse(m, m.length));
        return out;
    }

    private static void query(MdnsResponder r, long now, byte[] q) {
        r.handleMessage(now, q, q.length);
    }

    @Test
    void registeringAnnouncesTwiceOneSecondApart() {
        MdnsResponder r = new MdnsResponder();
        r.register(0, NAME, V4);
        List<DnsMessage> first = drain(r);
        assertEquals(1, first.size());
        DnsMessage m = first.get(0);
        assertTrue(m.isResponse());
        assertEquals(0x8400, m.flags(), "QR and AA (RFC 6762 §18)");
        assertEquals(0, m.id());
        assertTrue(m.questions().isEmpty(), "responses carry no questions (RFC 6762 §6)");
        DnsMessage.ResourceRecord a = m.answers().get(0);
        assertEquals(NAME, a.name());
        assertEquals(DnsMessage.TYPE_A, a.type());
        assertTrue(a.cacheFlush(), "unique record: cache-flush (RFC 6762 §10.2)");
        assertEquals(120, a.ttlSeconds());
        assertEquals(Optional.of(V4), MdnsMessages.addressFor(m, NAME));
        assertEquals(S, r.pollTimeout());
        r.handleTimeout(S / 2);
        assertTrue(drain(r).isEmpty());
        r.handleTimeout(S);
        assertEquals(1, drain(r).size(), "the second announcement");
        r.handleTimeout(10 * S);
        assertTrue(drain(r).isEmpty(), "two announcements, no more");
        assertEquals(Long.MAX_VALUE, r.pollTimeout());
    }

    @Test
    void answersQueriesForItsNamesOnlyAndAtMostOnceASecond() {
        MdnsResponder r = new MdnsResponder();
        r.register(0, NAME, V4);
        r.handleTimeout(S);
        drain(r);
        query(r, 5 * S, MdnsMessages.query("other-name.local", DnsMessage.TYPE_A));
        assertTrue(drain(r).isEmpty(), "never answers for names it does not own");
        query(r, 5 * S, MdnsMessages.addressQuery(NAME.toUpperCase()));
        List<DnsMessage> answers = drain(r);
        assertEquals(1, answers.size(), "names compare case-insensitively (RFC 6762 §16)");
        assertEquals(Optional.of(V4), MdnsMessages.addressFor(answers.get(0), NAME));
        // A flood of queries within the second: one deferred answer at the end of it (RFC 6762 §6).
        for (int i = 0; i < 1000; i++) query(r, 5 * S + i * 100_000L, MdnsMessages.addressQuery(NAME));
        assertTrue(drain(r).isEmpty());
        assertEquals(6 * S, r.pollTimeout());
        r.handleTimeout(6 * S);
        assertEquals(1, drain(r).size());
        r.handleTimeout(20 * S);
        assertTrue(drain(r).isEmpty());
    }

    @Test
    void theOtherAddressFamilyGetsAnNsecNegativeAnswer() {
        MdnsResponder r = new MdnsResponder();
        r.register(0, NAME, V6);
        r.handleTimeout(S);
        drain(r);
        query(r, 3 * S, MdnsMessages.query(NAME, DnsMessage.TYPE_A));
        DnsMessage m = drain(r).get(0);
        DnsMessage.ResourceRecord nsec = m.answers().get(0);
        assertEquals(DnsMessage.TYPE_NSEC, nsec.type());
        byte[] rdata = nsec.rdata();
        // next domain name (the name itself, 38 + 5 + 2 octets), then window 0 with 4 bytes: AAAA (28) set.
        int nameOctets = 1 + 36 + 1 + 5 + 1;
        assertEquals(nameOctets + 2 + 4, rdata.length);
        assertEquals(0, rdata[nameOctets]);
        assertEquals(4, rdata[nameOctets + 1]);
        assertEquals(0x08, rdata[nameOctets + 2 + 3] & 0xFF);
        assertEquals(Optional.of(V6), MdnsMessages.addressFor(m, NAME), "the AAAA record rides along as additional");
    }

    @Test
    void knownAnswersSuppressTheResponse() {
        MdnsResponder r = new MdnsResponder();
        r.register(0, NAME, V4);
        r.handleTimeout(S);
        drain(r);
        DnsMessage q = new DnsMessage(0, 0, List.of(new DnsMessage.Question(NAME, DnsMessage.TYPE_A, false, 1)),
                List.of(MdnsMessages.addressRecord(NAME, V4, 100)), List.of(), List.of());
        query(r, 5 * S, q.encode());
        assertTrue(drain(r).isEmpty(), "the querier knows the record with more than half its TTL (RFC 6762 §7.1)");
        DnsMessage stale = new DnsMessage(0, 0, q.questions(), List.of(MdnsMessages.addressRecord(NAME, V4, 30)),
                List.of(), List.of());
        query(r, 5 * S, stale.encode());
        assertEquals(1, drain(r).size(), "a known answer under half the TTL is refreshed");
    }

    @Test
    void unregisteringSaysGoodbyeAndStopsAnswering() {
        MdnsResponder r = new MdnsResponder();
        r.register(0, NAME, V4);
        drain(r);
        assertTrue(r.unregister(S / 10, NAME.toUpperCase()));
        DnsMessage bye = drain(r).get(0);
        assertEquals(0, bye.answers().get(0).ttlSeconds(), "goodbye: TTL 0 (RFC 6762 §10.1)");
        assertEquals(Optional.empty(), MdnsMessages.addressFor(bye, NAME), "a goodbye resolves nothing");
        r.handleTimeout(2 * S);
        query(r, 3 * S, MdnsMessages.addressQuery(NAME));
        assertTrue(drain(r).isEmpty());
        assertFalse(r.unregister(3 * S, NAME));
        r.register(4 * S, NAME, V4);
        r.close(5 * S);
        assertEquals(0, drain(r).get(1).answers().get(0).ttlSeconds());
        assertTrue(r.names().isEmpty());
    }

    @Test
    void ignoresResponsesOtherOpcodesAndGarbage() {
        MdnsResponder r = new MdnsResponder();
        r.register(0, NAME, V4);
        r.handleTimeout(S);
        drain(r);
        byte[] answer = MdnsMessages.answer(NAME, V4, 120);
        query(r, 3 * S, answer);
        byte[] update = MdnsMessages.addressQuery(NAME);
        update[2] = 0x28; // opcode 5 (UPDATE)
        query(r, 3 * S, update);
        Random rnd = new Random(7);
        for (int i = 0; i < 5000; i++) {
            byte[] junk = new byte[rnd.nextInt(64)];
            rnd.nextBytes(junk);
            query(r, 3 * S, junk);
        }
        assertTrue(drain(r).isEmpty());
        assertTrue(r.malformed() > 4000);
    }

    @Test
    void refusesBadNames() {
        MdnsResponder r = new MdnsResponder();
        assertThrows(IllegalArgumentException.class, () -> r.register(0, "example.com", V4));
        assertThrows(IllegalArgumentException.class, () -> r.register(0, "a..local", V4));
        assertThrows(IllegalArgumentException.class, () -> r.register(0, "x".repeat(64) + ".local", V4));
        r.register(0, NAME, V4);
        assertThrows(IllegalArgumentException.class, () -> r.register(0, NAME, V6));
        assertNotNull(r.pollTransmit());
        assertNull(r.pollTransmit());
    }
}
