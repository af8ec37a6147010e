package dev.jrtc.rtp.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Any bytes into the Ogg Opus reader are headers and packets or an IOException; what it reads, the writer writes
 * back into a stream that reads the same (packets and granule positions).
 */
class OggOpusReaderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void anyBytesArePacketsOrAnIoException(byte[] data) throws IOException {
        OggOpusReader reader;
        List<OggOpusPacket> packets = new ArrayList<>();
        try {
            reader = new OggOpusReader(new ByteArrayInputStream(data));
            for (OggOpusPacket p = reader.next(); p != null; p = reader.next()) packets.add(p);
        } catch (IOException malformed) {
            return;
        }
        long previous = Long.MIN_VALUE;
        boolean monotonic = true;
        for (OggOpusPacket p : packets) {
            assertTrue(p.data().length > 0);
            monotonic &= p.granulePosition() >= previous;
            previous = p.granulePosition();
        }
        if (!monotonic || reader.tags().toBytes().length > 255 * 255 - 1 || (!packets.isEmpty() && packets.get(0).granulePosition() < 0)) return;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OggOpusWriter writer = new OggOpusWriter(out, reader.head(), reader.tags(), 7);
        for (OggOpusPacket p : packets) writer.writePacket(p.data(), 0, p.data().length, p.granulePosition());
        writer.finish();
        OggOpusReader again = new OggOpusReader(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(reader.head(), again.head());
        assertEquals(reader.tags(), again.tags());
        for (OggOpusPacket p : packets) {
            OggOpusPacket q = again.next();
            assertArrayEquals(p.data(), q.data());
        }
        assertEquals(null, again.next());
    }
}
