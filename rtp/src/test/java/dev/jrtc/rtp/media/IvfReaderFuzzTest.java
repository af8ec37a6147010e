package dev.jrtc.rtp.media;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzzes the IVF reader and the VP8 packetizer behind it: any bytes are frames or an IOException, never another
 * exception or an allocation beyond {@link IvfReader#MAX_FRAME}; every frame read packetizes.
 */
class IvfReaderFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyBytesAreFramesOrAnIoException(byte[] data) {
        try {
            IvfReader ivf = new IvfReader(new ByteArrayInputStream(data));
            Vp8Packetizer packetizer = new Vp8Packetizer(1100, 96, 1, 0);
            for (IvfFrame f = ivf.next(); f != null; f = ivf.next()) {
                packetizer.packetize(f.data(), ivf.rtpTimestamp(f.pts(), 90000), p -> { });
            }
        } catch (IOException expected) {
            // malformed input is reported, not crashed on
        }
    }
}
