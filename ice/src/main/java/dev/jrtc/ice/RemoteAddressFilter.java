package dev.jrtc.ice;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.function.Predicate;

/**
 * Which remote candidate addresses ICE may send connectivity checks and data to by default (RFC 8445 §5.1.1.1 host
 * addresses; RFC 6890 special-purpose ranges). A signalled candidate is only a claim of the remote peer's, so
 * checks must not become a way to reach what only this host can reach: link-local ranges, where cloud metadata
 * services answer (169.254.169.254, fd00:ec2::254), and addresses that are not one host (unspecified, multicast,
 * broadcast, reserved). Loopback, private and global addresses pass. An application that really needs link-local
 * peers passes its own filter (for the facade: {@code RtcSettings.withRemoteAddressFilter}).
 */
public final class RemoteAddressFilter {
    /** The default: everything but the ranges named in the class comment. */
    public static final Predicate<InetAddress> DEFAULT = RemoteAddressFilter::allowedByDefault;

    /** AWS's IPv6 instance metadata service (its IPv4 one is 169.254.169.254, link-local). */
    private static final byte[] AWS_METADATA_V6 = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};

    private RemoteAddressFilter() {}

    /** True unless {@code a} is unspecified, link-local, multicast, broadcast, reserved or a metadata service. */
    public static boolean allowedByDefault(InetAddress a) {
        if (a == null || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isMulticastAddress()) {
            return false; // 0.0.0.0 and ::, 169.254/16 and fe80::/10, 224/4 and ff00::/8
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            // 0/8 "this network" (RFC 6890), 240/4 reserved, which includes 255.255.255.255 broadcast.
            return first != 0 && first < 240;
        }
        if (a instanceof Inet6Address) {
            if (java.util.Arrays.equals(b, AWS_METADATA_V6)) {
                return false;
            }
            // fec0::/10, the deprecated site-local range, is link-scoped in practice: treat it like fe80::/10.
            return !a.isSiteLocalAddress();
        }
        return false;
    }
}
