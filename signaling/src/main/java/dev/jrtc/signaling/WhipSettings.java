package dev.jrtc.signaling;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How a {@link WhipEndpoint} (RFC 9725) is reached and bounded. Immutable: the {@code with*} methods return a copy.
 *
 * @param path the endpoint URL path that takes {@code POST} offers; sessions live at {@code path + "/" + id}
 * @param bearerToken the token every request except OPTIONS must carry as {@code Authorization: Bearer <token>}
 *     (RFC 9725 §4.7.1, RFC 6750 §2.1), or null when the endpoint is open
 * @param maxSessions sessions at once, those being answered included; more offers get 503 with Retry-After
 * @param gatheringTimeout how long an offer waits for ICE gathering before the answer goes out with what was gathered
 *     (WHIP answers are non-trickle: the server cannot send candidates later, RFC 9725 §4.3.2)
 * @param connectTimeout a session whose PeerConnection is not connected this long after the offer is closed
 */
public record WhipSettings(String path, String bearerToken, int maxSessions, Duration gatheringTimeout, Duration connectTimeout) {
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._\\-]+)+");

    public WhipSettings {
        if (path == null || !PATH.matcher(path).matches() || path.equals("/ws") || path.equals("/offer") || path.equals("/index.html")) {
            throw new IllegalArgumentException("the WHIP path must be like /whip (segments of A-Z a-z 0-9 . _ -, not /ws"
                    + " or /offer), was \"" + path + "\"");
        }
        if (bearerToken != null && !bearerToken.matches("[A-Za-z0-9\\-._~+/]+=*")) {
            throw new IllegalArgumentException("a bearer token is b64token characters (RFC 6750 §2.1)");
        }
        if (maxSessions <= 0) throw new IllegalArgumentException("maxSessions must be positive, was " + maxSessions);
        if (gatheringTimeout == null || gatheringTimeout.isNegative() || gatheringTimeout.isZero()) {
            throw new IllegalArgumentException("gatheringTimeout must be positive, was " + gatheringTimeout);
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
        }
    }

    /** {@code /whip}, no token, 16 sessions, 5 s gathering, 30 s to connect. */
    public static WhipSettings defaults() {
        return new WhipSettings("/whip", null, 16, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public WhipSettings withPath(String p) {
        return new WhipSettings(p, bearerToken, maxSessions, gatheringTimeout, connectTimeout);
    }

    public WhipSettings withBearerToken(String token) {
        return new WhipSettings(path, token, maxSessions, gatheringTimeout, connectTimeout);
    }

    public WhipSettings withMaxSessions(int n) {
        return new WhipSettings(path, bearerToken, n, gatheringTimeout, connectTimeout);
    }

    public WhipSettings withGatheringTimeout(Duration timeout) {
        return new WhipSettings(path, bearerToken, maxSessions, timeout, connectTimeout);
    }

    public WhipSettings withConnectTimeout(Duration timeout) {
        return new WhipSettings(path, bearerToken, maxSessions, gatheringTimeout, timeout);
    }

    @Override
    public String toString() {
        return "WhipSettings{path=" + path + ", token=" + (bearerToken != null ? "set" : "none") + ", maxSessions=" + maxSessions
                + ", gathering=" + gatheringTimeout + ", connect=" + connectTimeout + "}";
    }
}
