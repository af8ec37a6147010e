package dev.jrtc.rtp.media;

/**
 * Reassembles H.264 access units from RTP payloads in packetization-mode 1 (RFC 6184 §6.3): single NAL unit packets
 * (§5.6), STAP-A (§5.7.1) and FU-A (§5.8); the marker ends the access unit (§5.1). Key frames are access units with
 * an IDR slice (nal_unit_type 5). STAP-B, MTAP and FU-B belong to the interleaved mode and, like the reserved types,
 * are malformed here.
 *
 * <pre>
 * single NAL unit: |F|NRI| Type |  NAL unit payload ...                         Type 1..23
 * STAP-A:          |F|NRI|  24  | size (16) | NAL unit | size (16) | NAL unit ...
 * FU-A:            |F|NRI|  28  |S|E|R| Type | fragment ...                      S and E never both set
 * </pre>
 *
 * Access units come out in Annex B form, each NAL unit after a {@code 00 00 00 01} start code, as
 * {@link AnnexBReader} gives them and {@link AnnexBWriter} writes them.
 */
public final class H264Depacketizer extends AbstractDepacketizer {
    private static final int STAP_A = 24;
    private static final int FU_A = 28;
    private static final int IDR = 5;

    private boolean inFragmentedNal;

    public H264Depacketizer() {
        this(DEFAULT_MAX_FRAME_SIZE, true);
    }

    /** See {@link AbstractDepacketizer#AbstractDepacketizer(int, boolean)}. */
    public H264Depacketizer(int maxFrameSize, boolean keyFrameAfterLoss) {
        super(maxFrameSize, keyFrameAfterLoss);
    }

    @Override
    public boolean isFrameStart(byte[] payload, int offset, int length) {
        if (length < 1) return false;
        int type = NalUnits.type(payload[offset]);
        if (type >= 1 && type <= 23) return true;
        if (type == STAP_A) return length > 3;
        return type == FU_A && length > 2 && (payload[offset + 1] & 0x80) != 0;
    }

    @Override
    public boolean isKeyFrame(byte[] payload, int offset, int length) {
        if (length < 1) return false;
        int type = NalUnits.type(payload[offset]);
        if (type == IDR) return true;
        if (type == FU_A) return length > 2 && (payload[offset + 1] & 0x80) != 0 && NalUnits.type(payload[offset + 1]) == IDR;
        if (type != STAP_A) return false;
        for (int at = offset + 1; at + 2 < offset + length; ) {
            int size = (payload[at] & 0xFF) << 8 | (payload[at + 1] & 0xFF);
            if (size == 0 || at + 2 + size > offset + length) return false;
            if (NalUnits.type(payload[at + 2]) == IDR) return true;
            at += 2 + size;
        }
        return false;
    }

    @Override
    public boolean isFrameEnd(boolean marker, byte[] payload, int offset, int length) {
        return marker;
    }

    @Override
    protected boolean parses(byte[] payload, int offset, int length) {
        if (length < 1 || (payload[offset] & 0x80) != 0) return false; // F = 1: the sender says the NAL unit is broken
        int type = NalUnits.type(payload[offset]);
        return (type >= 1 && type <= 23) || (type == STAP_A && length > 3) || (type == FU_A && length > 2);
    }

    @Override
    protected boolean startFlagIsExplicit() {
        return false;
    }

    @Override
    protected void beginFrame() {
        inFragmentedNal = false;
    }

    @Override
    protected boolean appendPayload(byte[] payload, int offset, int length, boolean first, boolean last) {
        if (length < 1 || (payload[offset] & 0x80) != 0) return false; // F = 1: the sender says the NAL unit is broken
        int type = NalUnits.type(payload[offset]);
        boolean ok;
        if (type == FU_A) {
            ok = fragment(payload, offset, length);
        } else if (inFragmentedNal) {
            ok = false; // the FU-A before it never ended
        } else if (type >= 1 && type <= 23) {
            ok = startCode() && append(payload, offset, length);
        } else if (type == STAP_A) {
            ok = aggregate(payload, offset, length);
        } else {
            ok = false;
        }
        return ok && !(last && inFragmentedNal);
    }

    private boolean aggregate(byte[] p, int offset, int length) {
        int end = offset + length;
        int at = offset + 1;
        if (at == end) return false;
        while (at < end) {
            if (at + 2 > end) return false;
            int size = (p[at] & 0xFF) << 8 | (p[at + 1] & 0xFF);
            at += 2;
            if (size == 0 || at + size > end) return false;
            if ((p[at] & 0x80) != 0 || NalUnits.type(p[at]) == 0 || NalUnits.type(p[at]) > 23) return false;
            if (!startCode() || !append(p, at, size)) return false;
            at += size;
        }
        return true;
    }

    private boolean fragment(byte[] p, int offset, int length) {
        if (length < 3) return false;
        int fu = p[offset + 1] & 0xFF;
        boolean start = (fu & 0x80) != 0;
        boolean end = (fu & 0x40) != 0;
        int type = fu & 0x1F;
        if (start && end || type == 0 || type > 23) return false;
        if (start) {
            if (inFragmentedNal || !startCode() || !ensureRoom(1)) return false;
            buf[this.length++] = (byte) ((p[offset] & 0xE0) | type); // the NAL header, rebuilt from both FU bytes
            inFragmentedNal = true;
        } else if (!inFragmentedNal) {
            return false;
        }
        if (!append(p, offset + 2, length - 2)) return false;
        if (end) inFragmentedNal = false;
        return true;
    }

    private boolean startCode() {
        if (!ensureRoom(4)) return false;
        buf[length] = 0;
        buf[length + 1] = 0;
        buf[length + 2] = 0;
        buf[length + 3] = 1;
        length += 4;
        return true;
    }
}
