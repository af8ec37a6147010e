package dev.jrtc.sctp.datachannel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Arbitrary bytes into the DCEP decoder: never an exception, and any message it decodes encodes to bytes that
 * decode to the same message (labels with invalid UTF-8 are replaced, so bytes themselves need not round-trip).
 */
class DataChannelMessageFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void decodeEncodeDecodeIsStable(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        DataChannelMessage.decode(b, 0, b.length).ifPresent(m -> {
            byte[] again = m.encode();
            assertEquals(m, DataChannelMessage.decode(again, 0, again.length).orElseThrow());
        });
    }
}
