package dev.jrtc.ice.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the DNS message parser and what the mDNS cores do with any datagram. Properties: parsing never throws; a
 * parsed message re-encodes (names uncompressed) to bytes that parse to an equal message and encode identically;
 * the responder and resolver take anything without throwing. Seeds (queries, answers, NSEC, compressed names,
 * pointer loops) replay in every build.
 */
class DnsMessageFuzzTest {
    private static final String NAME = "1f2e3d4c.local";

    @FuzzTest(maxDuration = "30s")
    void parseEncodeParse(byte[] data) {
        DnsMessage m = DnsMessage.parse(data, data.length);
        MdnsResponder responder = new MdnsResponder();
        responder.register(0, NAME, dev.jrtc.ice.internal.IpLiteral.parse("192.0.2.1"));
        responder.handleMessage(0, data, data.length);
        MdnsResolver resolver = new MdnsResolver(1);
        resolver.resolve(0, NAME, 1);
        resolver.handleMessage(0, data, data.length);
        if (m == null) return;
        byte[] encoded;
        try {
            encoded = m.encode();
        } catch (IllegalArgumentException e) {
            // Names legal on the wire that text cannot carry back (the empty root name, labels over 63 bytes once
            // invalid UTF-8 became replacement characters) do not re-encode.
            assertNotNull(e.getMessage());
            return;
        }
        DnsMessage again = DnsMessage.parse(encoded, encoded.length);
        if (encoded.length > DnsMessage.MAX_LENGTH) return; // compression had kept it under the limit
        assertEquals(m, again);
        assertArrayEquals(encoded, again.encode());
    }
}
