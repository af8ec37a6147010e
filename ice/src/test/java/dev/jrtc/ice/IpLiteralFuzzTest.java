package dev.jrtc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrtc.ice.internal.IpLiteral;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link IpLiteral}: it never throws, and whatever it accepts is a literal the JDK reads the same way (the
 * JDK is only asked about text we accepted, so the fuzzer never makes it look a name up). Seeds: both families, an
 * IPv4-mapped address, a hex-looking host name, zone ids, malformed groups.
 */
class IpLiteralFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void parseMatchesTheJdkOnLiterals(byte[] data) throws Exception {
        String text = new String(data, StandardCharsets.UTF_8);
        InetAddress ours = IpLiteral.parse(text);
        if (ours != null) {
            assertEquals(InetAddress.getByName(text), ours, text);
        }
    }
}
