package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The State Cookie (RFC 9260 §5.1.3, §5.1.5): what an INIT said comes back from COOKIE ECHO only if it is ours, intact and fresh. */
class StateCookieTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long LOCAL_TAG = 0xCAFEBABEL;

    private final StateCookie cookies = new StateCookie(secret(1));
    private final InitChunk init = new InitChunk(false, 0x12345678L, 131072, 1024, 300, 0xFFFFFFF0L,
            List.of(new SctpParameter(SctpParameter.FORWARD_TSN_SUPPORTED, new byte[0]),
                    new SctpParameter(SctpParameter.SUPPORTED_EXTENSIONS, new byte[] {(byte) SctpChunk.RE_CONFIG})));

    private static byte[] secret(long seed) {
        byte[] s = new byte[32];
        new Random(seed).nextBytes(s);
        return s;
    }

    @Test
    void whatTheInitSaidComesBack() {
        byte[] cookie = cookies.mint(5 * SECOND, init, LOCAL_TAG, 77);
        assertEquals(StateCookie.LENGTH, cookie.length);
        assertEquals(new PeerInit(0x12345678L, 0xFFFFFFF0L, 131072, true, true, 300), cookies.open(6 * SECOND, cookie, LOCAL_TAG));
    }

    @Test
    void anInitWithoutExtensionsAndWithoutInboundStreamsIsKeptAsSuch() {
        InitChunk plain = new InitChunk(false, 9, 1500, 1, 0, 1, List.of());
        PeerInit peer = cookies.open(0, cookies.mint(0, plain, LOCAL_TAG, 1), LOCAL_TAG);
        assertEquals(new PeerInit(9, 1, 1500, false, false, 1), peer, "at least one stream");
    }

    @Test
    void aCookieOlderThanSixtySecondsIsStale() {
        byte[] cookie = cookies.mint(0, init, LOCAL_TAG, 77);
        assertEquals(0x12345678L, cookies.open(60 * SECOND, cookie, LOCAL_TAG).tag());
        assertNull(cookies.open(60 * SECOND + 1, cookie, LOCAL_TAG));
    }

    @Test
    void aForgedDamagedOrForeignCookieIsRefused() {
        byte[] cookie = cookies.mint(0, init, LOCAL_TAG, 77);
        for (int i = 0; i < cookie.length; i++) {
            byte[] damaged = cookie.clone();
            damaged[i] ^= 1;
            assertNull(cookies.open(0, damaged, LOCAL_TAG), "bit flipped in byte " + i);
        }
        assertNull(cookies.open(0, java.util.Arrays.copyOf(cookie, 67), LOCAL_TAG), "truncated");
        assertNull(new StateCookie(secret(2)).open(0, cookie, LOCAL_TAG), "another association's secret");
        assertNull(cookies.open(0, cookie, LOCAL_TAG + 1), "minted for another tag");
    }
}
