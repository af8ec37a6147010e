package dev.jrtc.peerconnection;

import java.time.Duration;
import java.util.Objects;

/**
 * How connections use multicast DNS for {@code .local} host candidates (draft-ietf-mmusic-mdns-ice-candidates,
 * RFC 6762), part of {@link RtcSettings}.
 *
 * @param resolveRemoteNames  resolve the {@code .local} names browsers put in their host candidates, as browsers
 *                            do (on: multicast queries on the gathering interfaces, only when such a candidate
 *                            arrives); off drops those candidates
 * @param hideLocalAddresses  signal each local host address under a random {@code <uuid>.local} name answered by
 *                            our own mDNS responder instead of the address itself (browsers do this for pages
 *                            without camera or microphone permission); server-reflexive and relayed candidates then
 *                            carry {@code raddr 0.0.0.0 rport 0}. Host addresses on interfaces without multicast
 *                            are then not signalled at all. Off by default
 * @param lookupTimeout       how long a name may take to resolve before its candidates are dropped
 * @param maxPendingLookups   names one connection may have in resolution at once; candidates with more names are
 *                            dropped and counted (jrtcMdnsLookupsOverLimit)
 */
public record MdnsSettings(boolean resolveRemoteNames, boolean hideLocalAddresses, Duration lookupTimeout,
                           int maxPendingLookups) {
    public MdnsSettings {
        Objects.requireNonNull(lookupTimeout, "lookupTimeout");
        if (lookupTimeout.isNegative() || lookupTimeout.isZero()) {
            throw new IllegalArgumentException("lookupTimeout must be positive: " + lookupTimeout);
        }
        if (maxPendingLookups < 1) throw new IllegalArgumentException("maxPendingLookups must be at least 1: " + maxPendingLookups);
    }

    /** Resolve remote names (5 s each, 16 at once per connection), signal local addresses as they are. */
    public static MdnsSettings defaults() {
        return new MdnsSettings(true, false, Duration.ofSeconds(5), 16);
    }

    /** Neither resolves nor hides: no multicast at all; remote {@code .local} candidates are dropped. */
    public static MdnsSettings disabled() {
        return new MdnsSettings(false, false, Duration.ofSeconds(5), 16);
    }

    public MdnsSettings withHideLocalAddresses(boolean hide) {
        return new MdnsSettings(resolveRemoteNames, hide, lookupTimeout, maxPendingLookups);
    }

    public MdnsSettings withResolveRemoteNames(boolean resolve) {
        return new MdnsSettings(resolve, hideLocalAddresses, lookupTimeout, maxPendingLookups);
    }

    public MdnsSettings withLookups(Duration timeout, int maxPending) {
        return new MdnsSettings(resolveRemoteNames, hideLocalAddresses, timeout, maxPending);
    }

    /** Whether any mDNS socket may ever be opened. */
    boolean enabled() {
        return resolveRemoteNames || hideLocalAddresses;
    }
}
