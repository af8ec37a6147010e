package dev.jrtc.rtp.media;

import java.util.Objects;

/**
 * Splits H.264 access units into RTP payloads in packetization-mode 1 (RFC 6184 §6.3, the non-interleaved mode that
 * WebRTC uses): NAL units that fit one payload go alone (single NAL unit packet, §5.6) or, when several in a row fit,
 * together in a STAP-A (§5.7.1) — so SPS and PPS travel with the IDR slice after them; a NAL unit too large for one
 * payload is cut into FU-As (§5.8). The marker is set on the access unit's last payload (§5.1).
 *
 * <pre>
 * single NAL unit: |F|NRI| Type |  NAL unit payload ...                         Type 1..23
 * STAP-A:          |F|NRI|  24  | size (16) | NAL unit | size (16) | NAL unit ... F = OR of the F bits, NRI = the highest
 * FU-A:            |F|NRI|  28  |S|E|R| Type | fragment ...                      S = first fragment, E = last
 * </pre>
 *
 * Frames are Annex B access units ({@code 00 00 00 01} or {@code 00 00 01} before each NAL unit), as
 * {@link AnnexBReader} and encoders give them. FU-A fragments of one NAL unit are of nearly equal size. Not
 * thread-safe: one per stream.
 */
public final class H264Packetizer implements Packetizer {
    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    private final int maxPayloadSize;
    private final NalUnits nals = new NalUnits();

    private byte[] frame;
    private int nal;          // index of the NAL unit the next payload starts with
    private int fragmentAt;   // within an FU-A: the next byte of nal to send, 0 when not fragmenting
    private int fragmentsLeft;
    private boolean marker;

    public H264Packetizer(int maxPayloadSize) {
        if (maxPayloadSize < 3 || maxPayloadSize > 65535 - 12) {
            throw new IllegalArgumentException("maxPayloadSize must be 3..65523 (an FU-A needs 2 header bytes and one of data): " + maxPayloadSize);
        }
        this.maxPayloadSize = maxPayloadSize;
    }

    @Override
    public int maxPayloadSize() {
        return maxPayloadSize;
    }

    /**
     * @throws IllegalArgumentException when the bytes are not an Annex B access unit with at least one NAL unit, or a
     *                                  NAL unit has forbidden_zero_bit set or a type (0, 24..31) H.264 leaves unused
     */
    @Override
    public void beginFrame(byte[] frame, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, frame.length);
        if (!nals.scan(frame, offset, length)) {
            throw new IllegalArgumentException("not an Annex B access unit: no NAL unit after a 00 00 01 start code");
        }
        for (int i = 0; i < nals.count; i++) {
            int h = frame[nals.start[i]] & 0xFF;
            int type = h & 0x1F;
            // forbidden_zero_bit set, or a type RFC 6184 §5.2 takes for its own packets: no receiver could read it.
            if ((h & 0x80) != 0 || type == 0 || type >= 24) {
                throw new IllegalArgumentException("NAL unit " + i + " has header 0x" + Integer.toHexString(h) + ": forbidden bit or type 0/24..31");
            }
        }
        this.frame = frame;
        this.nal = 0;
        this.fragmentAt = 0;
    }

    @Override
    public boolean hasNextPayload() {
        return frame != null && nal < nals.count;
    }

    @Override
    public int nextPayload(byte[] dst, int offset) {
        if (!hasNextPayload()) throw new IllegalStateException("no H.264 payload left: call beginFrame");
        Objects.checkFromIndexSize(offset, maxPayloadSize, dst.length);
        int n;
        int size = nals.end[nal] - nals.start[nal];
        if (fragmentAt > 0 || size > maxPayloadSize) {
            n = fragment(dst, offset);
        } else {
            int together = aggregatable();
            n = together >= 2 ? aggregate(dst, offset, together) : single(dst, offset);
        }
        marker = nal == nals.count;
        if (marker) frame = null;
        return n;
    }

    /** How many NAL units from {@link #nal} fit one STAP-A. */
    private int aggregatable() {
        int used = 1;
        int k = 0;
        for (int i = nal; i < nals.count; i++) {
            used += 2 + nals.end[i] - nals.start[i];
            if (used > maxPayloadSize) break;
            k++;
        }
        return k;
    }

    private int single(byte[] dst, int offset) {
        int s = nals.start[nal];
        int size = nals.end[nal] - s;
        System.arraycopy(frame, s, dst, offset, size);
        nal++;
        return size;
    }

    private int aggregate(byte[] dst, int offset, int together) {
        int at = offset + 1;
        int f = 0;
        int nri = 0;
        for (int i = 0; i < together; i++, nal++) {
            int s = nals.start[nal];
            int size = nals.end[nal] - s;
            f |= frame[s] & 0x80;
            nri = Math.max(nri, frame[s] & 0x60);
            dst[at++] = (byte) (size >>> 8);
            dst[at++] = (byte) size;
            System.arraycopy(frame, s, dst, at, size);
            at += size;
        }
        dst[offset] = (byte) (f | nri | STAP_A);
        return at - offset;
    }

    private int fragment(byte[] dst, int offset) {
        int s = nals.start[nal];
        int e = nals.end[nal];
        byte header = frame[s];
        boolean start = fragmentAt == 0;
        if (start) {
            fragmentAt = s + 1; // the NAL header travels split into the FU indicator and FU header
            int room = maxPayloadSize - 2;
            fragmentsLeft = (e - fragmentAt + room - 1) / room;
        }
        int n = (e - fragmentAt + fragmentsLeft - 1) / fragmentsLeft;
        boolean end = --fragmentsLeft == 0;
        dst[offset] = (byte) ((header & 0xE0) | FU_A);
        dst[offset + 1] = (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | NalUnits.type(header));
        System.arraycopy(frame, fragmentAt, dst, offset + 2, n);
        fragmentAt += n;
        if (end) {
            fragmentAt = 0;
            nal++;
        }
        return n + 2;
    }

    @Override
    public boolean marker() {
        return marker;
    }
}
