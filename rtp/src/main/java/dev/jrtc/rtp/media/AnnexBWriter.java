package dev.jrtc.rtp.media;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes H.264 access units as a byte stream (ITU-T H.264 Annex B, a ".h264" file that ffmpeg and players read).
 * Start codes follow §B.1.2: four bytes ({@code zero_byte} and {@code 00 00 01}) before an access unit's first NAL
 * unit and before every SPS and PPS, three bytes before the others — as x264 writes them.
 *
 * <p>The writer does not close {@code out}; it keeps no reference to the arrays it is given.
 */
public final class AnnexBWriter {
    private static final byte[] LONG = {0, 0, 0, 1};
    private final OutputStream out;
    private final NalUnits nals = new NalUnits();

    public AnnexBWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Writes one access unit given in Annex B form (as {@link AnnexBReader} and {@link H264Depacketizer} give it).
     *
     * @throws IllegalArgumentException when the bytes hold no NAL unit after a start code
     */
    public void writeAccessUnit(byte[] accessUnit, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, accessUnit.length);
        if (!nals.scan(accessUnit, offset, length)) throw new IllegalArgumentException("not an Annex B access unit: no NAL unit after a 00 00 01 start code");
        for (int i = 0; i < nals.count; i++) {
            int type = NalUnits.type(accessUnit[nals.start[i]]);
            boolean zeroByte = i == 0 || type == 7 || type == 8;
            out.write(LONG, zeroByte ? 0 : 1, zeroByte ? 4 : 3);
            out.write(accessUnit, nals.start[i], nals.end[i] - nals.start[i]);
        }
    }
}
