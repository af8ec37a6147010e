package dev.jrtc.ice.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resolver, sans IO, against the responder: RFC 6762 §5.2 query intervals, answers, goodbyes, deadlines, caps. */
class MdnsResolverTest {
    private static final long S = 1_000_000_000L;
    private static final String NAME = "0e9b7c1d-3f2a-4b5c-9d8e-7f6a5b4c3d2e.local";
    private static final InetAddress V4 = dev.jrtc.ice.internal.IpLiteral.parse("10.1.2.3");

    private static List<byte[]> drain(MdnsResolver r) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] m = r.pollTransmit(); m != null; m = r.pollTransmit()) out.add(m);
        return out;
    }

    @Test
    void asksForBothFamiliesAndRepeatsAtDoublingIntervalsUntilTheDeadline() {
        MdnsResolver r = new MdnsResolver(4);
        assertTrue(r.resolve(0, NAME, 10 * S));
        List<byte[]> sent = drain(r);
        assertEquals(2, sent.size(), "one question per query: Chromium's responder ignores queries with more");
        List<Integer> types = new ArrayList<>();
        for (byte[] m : sent) {
            DnsMessage q = DnsMessage.parse(m, m.length);
            assertFalse(q.isResponse());
            assertEquals(1, q.questions().size());
            assertEquals(NAME, q.questions().get(0).name());
            types.add(q.questions().get(0).type());
        }
        assertEquals(List.of(DnsMessage.TYPE_A, DnsMessage.TYPE_AAAA), types);
        List<Long> times = new ArrayList<>();
        for (long t = r.pollTimeout(); t < 10 * S; t = r.pollTimeout()) {
            r.handleTimeout(t);
            if (!drain(r).isEmpty()) times.add(t);
        }
        assertEquals(List.of(S, 3 * S, 7 * S), times, "1 s, then doubling (RFC 6762 §5.2)");
        r.handleTimeout(10 * S);
        MdnsResolver.Resolution end = r.pollEvent();
        assertEquals(NAME, end.name());
        assertNull(end.address(), "no answer by the deadline: unresolved");
        assertNull(r.pollEvent());
        assertEquals(0, r.pendingCount());
    }

    @Test
    void theResponderAnswersTheResolver() {
        MdnsResolver resolver = new MdnsResolver(4);
        MdnsResponder responder = new MdnsResponder();
        responder.register(0, NAME, V4);
        while (responder.pollTransmit() != null) { }
        resolver.resolve(S, NAME.toUpperCase(), 5 * S);
        for (byte[] q : drain(resolver)) responder.handleMessage(S, q, q.length);
        byte[] answer = responder.pollTransmit();
        resolver.handleMessage(S, answer, answer.length);
        MdnsResolver.Resolution done = resolver.pollEvent();
        assertEquals(V4, done.address());
        assertEquals(Long.MAX_VALUE, resolver.pollTimeout(), "nothing left to ask");
    }

    @Test
    void goodbyesQueriesAndOtherNamesResolveNothing() {
        MdnsResolver r = new MdnsResolver(4);
        r.resolve(0, NAME, 5 * S);
        drain(r);
        byte[] bye = MdnsMessages.answer(NAME, V4, 0);
        r.handleMessage(0, bye, bye.length);
        byte[] other = MdnsMessages.answer("someone-else.local", V4, 120);
        r.handleMessage(0, other, other.length);
        byte[] query = MdnsMessages.addressQuery(NAME);
        r.handleMessage(0, query, query.length);
        assertNull(r.pollEvent());
        assertEquals(1, r.pendingCount());
        r.close();
        assertNull(r.pollEvent().address(), "closing ends the lookup unresolved");
    }

    @Test
    void lookupsAreCappedAndSharedByName() {
        MdnsResolver r = new MdnsResolver(2);
        assertTrue(r.resolve(0, "a.local", S));
        assertTrue(r.resolve(0, "A.local", S), "the same name joins the running lookup");
        assertTrue(r.resolve(0, "b.local", S));
        assertFalse(r.resolve(0, "c.local", S), "over the cap: refused");
        assertEquals(2, r.pendingCount());
        assertEquals(4, drain(r).size(), "an A and an AAAA query for each of the two names");
    }
}
