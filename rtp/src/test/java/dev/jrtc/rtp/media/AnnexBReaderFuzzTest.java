package dev.jrtc.rtp.media;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Any bytes into the Annex B reader are access units or an IOException; every access unit read is written back by
 * {@link AnnexBWriter} and reads back the same.
 */
class AnnexBReaderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void anyBytesAreAccessUnitsOrAnIoException(byte[] data) throws IOException {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        AnnexBWriter writer = new AnnexBWriter(written);
        java.util.List<byte[]> units = new java.util.ArrayList<>();
        try {
            AnnexBReader reader = new AnnexBReader(new ByteArrayInputStream(data));
            for (byte[] au = reader.nextAccessUnit(); au != null; au = reader.nextAccessUnit()) {
                assertTrue(au.length > 4);
                writer.writeAccessUnit(au, 0, au.length);
                units.add(au);
            }
        } catch (IOException malformed) {
            return;
        }
        AnnexBReader again = new AnnexBReader(new ByteArrayInputStream(written.toByteArray()));
        for (byte[] au : units) assertTrue(java.util.Arrays.equals(au, again.nextAccessUnit()), "written access units read back the same");
        assertTrue(again.nextAccessUnit() == null);
    }
}
