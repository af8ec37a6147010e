package dev.jrtc.ice;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.ice.internal.IpLiteral;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The default remote filter keeps checks away from link-local, metadata and non-unicast addresses (RFC 6890). */
class RemoteAddressFilterTest {
    @Test
    void deniesLinkLocalMetadataAndNonUnicast() {
        for (String s : new String[] {"169.254.169.254", "169.254.0.1", "169.254.255.255", "fe80::1", "febf::1",
                "fd00:ec2::254", "0.0.0.0", "0.1.2.3", "::", "224.0.0.251", "239.255.255.250", "ff02::fb", "ff05::1:3",
                "255.255.255.255", "240.0.0.1", "::ffff:169.254.169.254", "fec0::1"}) {
            assertFalse(RemoteAddressFilter.DEFAULT.test(IpLiteral.parse(s)), s);
        }
    }

    @Test
    void allowsLoopbackPrivateAndGlobalUnicast() {
        for (String s : new String[] {"127.0.0.1", "::1", "10.0.0.1", "192.168.1.2", "172.16.0.1", "100.64.0.1",
                "8.8.8.8", "2001:db8::1", "fd00::1", "fd00:ec2::253", "223.255.255.255"}) {
            assertTrue(RemoteAddressFilter.DEFAULT.test(IpLiteral.parse(s)), s);
        }
    }
}
