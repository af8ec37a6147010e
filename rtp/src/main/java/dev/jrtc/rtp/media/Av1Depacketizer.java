package dev.jrtc.rtp.media;

/**
 * Reassembles AV1 temporal units from RTP payloads (AOM "RTP Payload Format For AV1" v1.0 §4, §7): reads the
 * aggregation header and OBU elements, joins an OBU continued across payloads (Y, then Z), gives each OBU its size
 * field back and puts a temporal delimiter first, so the temporal unit is in the low-overhead bitstream format
 * (AV1 §5.2) that IVF files and decoders take. Temporal delimiters and tile lists received are dropped (§5). A frame
 * starts at Z = 0 and ends at the marker; N = 1 marks a key frame (a new coded video sequence).
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * |Z|Y| W |N|-|-|-|   W = 0: every element has a LEB128 length; 1..3: that many elements, the last without one
 * |  length (leb128)  |
 * |  OBU element ...  |   OBU header |F| type |X|S|R| [extension] payload
 * </pre>
 */
public final class Av1Depacketizer extends AbstractDepacketizer {
    private static final byte[] TEMPORAL_DELIMITER = {0x12, 0x00};
    private static final int OBU_TEMPORAL_DELIMITER = 2;
    private static final int OBU_TILE_LIST = 8;

    private boolean inFragmentedObu;
    private int obuStart;

    public Av1Depacketizer() {
        this(DEFAULT_MAX_FRAME_SIZE, true);
    }

    /** See {@link AbstractDepacketizer#AbstractDepacketizer(int, boolean)}. */
    public Av1Depacketizer(int maxFrameSize, boolean keyFrameAfterLoss) {
        super(maxFrameSize, keyFrameAfterLoss);
    }

    @Override
    public boolean isFrameStart(byte[] payload, int offset, int length) {
        return length > 1 && (payload[offset] & 0x80) == 0;
    }

    @Override
    public boolean isKeyFrame(byte[] payload, int offset, int length) {
        return length > 1 && (payload[offset] & 0x88) == 0x08;
    }

    @Override
    public boolean isFrameEnd(boolean marker, byte[] payload, int offset, int length) {
        return marker;
    }

    @Override
    protected boolean parses(byte[] payload, int offset, int length) {
        return length > 1;
    }

    @Override
    protected boolean startFlagIsExplicit() {
        return false;
    }

    @Override
    protected void beginFrame() {
        inFragmentedObu = false;
    }

    @Override
    protected boolean appendPayload(byte[] p, int offset, int length, boolean first, boolean last) {
        if (length < 2) return false;
        int aggregation = p[offset] & 0xFF;
        boolean z = (aggregation & 0x80) != 0;
        boolean y = (aggregation & 0x40) != 0;
        int w = (aggregation >>> 4) & 0x03;
        if (z != inFragmentedObu) return false; // a continuation without its start, or a start while one is open
        if (first && !append(TEMPORAL_DELIMITER, 0, 2)) return false;
        int end = offset + length;
        int at = offset + 1;
        for (int element = 1; at < end; element++) {
            int size;
            if (w != 0 && element == w) {
                size = end - at;
            } else {
                long leb = Leb128.read(p, at, end);
                if (leb < 0) return false;
                at += (int) (leb & 0x0F);
                if ((leb >>> 4) > end - at) return false;
                size = (int) (leb >>> 4);
            }
            if (w != 0 && element > w) return false;
            boolean continues = element == 1 && z;
            boolean isLast = at + size == end;
            if (!continues) {
                obuStart = this.length;
                inFragmentedObu = true;
            }
            if (!append(p, at, size)) return false;
            at += size;
            if (!(isLast && y) && !finishObu()) return false;
        }
        if (w != 0 && at != end) return false;
        if (y != inFragmentedObu) return false; // Y set but the last element was whole, or the reverse
        return !(last && inFragmentedObu);
    }

    /** Gives the OBU at obuStart a size field (or checks the one it has); drops delimiters and tile lists. */
    private boolean finishObu() {
        inFragmentedObu = false;
        int n = length - obuStart;
        if (n == 0) return true; // an empty element: nothing to keep
        int h = buf[obuStart] & 0xFF;
        int headerLength = (h & 0x04) != 0 ? 2 : 1;
        if ((h & 0x80) != 0 || n < headerLength) return false;
        int type = (h >>> 3) & 0x0F;
        if (type == OBU_TEMPORAL_DELIMITER || type == OBU_TILE_LIST) {
            length = obuStart;
            return true;
        }
        int payloadAt = obuStart + headerLength;
        if ((h & 0x02) != 0) { // the sender kept obu_size: it must cover exactly the rest of the element
            long leb = Leb128.read(buf, payloadAt, length);
            return leb >= 0 && (leb >>> 4) == length - payloadAt - (leb & 0x0F);
        }
        int payloadLength = length - payloadAt;
        int sizeLength = Leb128.size(payloadLength);
        if (!ensureRoom(sizeLength)) return false;
        System.arraycopy(buf, payloadAt, buf, payloadAt + sizeLength, payloadLength);
        Leb128.write(payloadLength, buf, payloadAt);
        buf[obuStart] = (byte) (h | 0x02);
        length += sizeLength;
        return true;
    }
}
