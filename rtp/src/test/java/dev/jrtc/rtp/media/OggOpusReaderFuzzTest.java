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
 * back into a stream that reads the same packets. Each input is read twice: as it is, and with the CRC of every
 * complete page put right, so that mutations reach past the checksum into the page and packet logic.
 */
class OggOpusReaderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void anyBytesArePacketsOrAnIoException(byte[] data) throws IOException {
        readAndRewrite(data);
        readAndRewrite(withPageCrcsFixed(data));
    }

    /** Recomputes the CRC of each page found by walking headers from the start (RFC 3533 §6 layout). */
    static byte[] withPageCrcsFixed(byte[] data) {
        byte[] b = data.clone();
        int at = 0;
        while (at + 27 <= b.length && b[at] == 'O' && b[at + 1] == 'g' && b[at + 2] == 'g' && b[at + 3] == 'S') {
            int segments = b[at + 26] & 0xFF;
            if (at + 27 + segments > b.length) break;
            int body = 0;
            for (int i = 0; i < segments; i++) body += b[at + 27 + i] & 0xFF;
            int end = at + 27 + segments + body;
            if (end > b.length) break;
            b[at + 22] = b[at + 23] = b[at + 24] = b[at + 25] = 0;
            int crc = OggCrc.update(0, b, at, end - at);
            for (int i = 0; i < 4; i++) b[at + 22 + i] = (byte) (crc >>> (8 * i));
            at = end;
        }
        return b;
    }

    private static void readAndRewrite(byte[] data) throws IOException {
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
