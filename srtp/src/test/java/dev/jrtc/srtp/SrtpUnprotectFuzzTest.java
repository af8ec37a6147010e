package dev.jrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Arbitrary bytes fed to unprotect: no exception, and nothing unauthenticated comes out (a forgery would need
 * the key). The seeds replay in every build; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class SrtpUnprotectFuzzTest {
    /** One context per profile on the default ciphers, then the AEAD profiles on the allocation-free GCM. */
    private final java.util.List<SrtpContext> contexts = new java.util.ArrayList<>();

    SrtpUnprotectFuzzTest() {
        for (SrtpProfile p : SrtpProfile.values()) {
            contexts.add(new SrtpContext(p, new byte[p.masterKeyLength()], new byte[p.masterSaltLength()],
                    SrtpPolicy.DEFAULT));
        }
        for (SrtpProfile p : SrtpProfile.values()) {
            if (p.isAead()) {
                contexts.add(new SrtpContext(p, new byte[p.masterKeyLength()], new byte[p.masterSaltLength()],
                        SrtpPolicy.DEFAULT.withAllocationFreeGcm(true)));
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void unprotectNeverThrowsOrAcceptsGarbage(FuzzedDataProvider data) {
        SrtpContext ctx = contexts.get(data.consumeInt(0, contexts.size() - 1));
        boolean rtcp = data.consumeBoolean();
        byte[] packet = data.consumeRemainingAsBytes();
        int n = rtcp ? ctx.unprotectRtcp(packet, 0, packet.length) : ctx.unprotectRtp(packet, 0, packet.length);
        assertTrue(n < 0, "unauthenticated bytes were accepted: " + n);
    }
}
