package dev.jrtc.rtp.media;

import java.util.Arrays;
import java.util.Objects;

/**
 * Splits AV1 temporal units into RTP payloads (AOM "RTP Payload Format For AV1" v1.0 §4): each payload is an
 * aggregation header and OBU elements, each element an OBU without its size field (§5: obu_has_size_field = 0),
 * preceded by its LEB128 length except the last when W says how many elements there are. An OBU that does not fit
 * continues in the next payload (Y here, Z there). Temporal delimiters and tile lists are not sent (§5); the first
 * payload of a temporal unit with a sequence header has N = 1 (a new coded video sequence, §4.4); the marker ends
 * the temporal unit (§4.1).
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * |Z|Y| W |N|-|-|-|   Z: the first element continues an OBU, Y: the last one continues in the next payload,
 * |  length (leb128)  |  W: element count (1..3, the last without length) or 0 (every element with its length)
 * |  OBU element ...  |
 * </pre>
 *
 * Temporal units are taken in the low-overhead bitstream format (AV1 §5.2) that IVF files and encoders give: OBUs
 * with size fields (the last may lack one). Not thread-safe: one per stream.
 */
public final class Av1Packetizer implements Packetizer {
    private static final int OBU_SEQUENCE_HEADER = 1;
    private static final int OBU_TEMPORAL_DELIMITER = 2;
    private static final int OBU_TILE_LIST = 8;

    private final int maxPayloadSize;

    private byte[] frame;
    private int count;
    private int[] header = new int[8];       // where each OBU's header starts
    private int[] headerLength = new int[8]; // 1, or 2 with the extension byte
    private int[] payload = new int[8];      // where its payload starts (after any size field)
    private int[] payloadLength = new int[8];
    private boolean newCodedVideoSequence;

    private int obu;        // the OBU element the next payload continues or starts
    private int obuAt;      // bytes of it already sent
    private boolean firstPayload;
    private boolean marker;

    public Av1Packetizer(int maxPayloadSize) {
        if (maxPayloadSize < 8 || maxPayloadSize > 65535 - 12) throw new IllegalArgumentException("maxPayloadSize must be 8..65523: " + maxPayloadSize);
        this.maxPayloadSize = maxPayloadSize;
    }

    @Override
    public int maxPayloadSize() {
        return maxPayloadSize;
    }

    /** @throws IllegalArgumentException when the bytes are not OBUs in the low-overhead format, or only delimiters */
    @Override
    public void beginFrame(byte[] frame, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, frame.length);
        count = 0;
        newCodedVideoSequence = false;
        int end = offset + length;
        for (int at = offset; at < end; ) {
            int h = frame[at] & 0xFF;
            if ((h & 0x80) != 0) throw new IllegalArgumentException("OBU at " + (at - offset) + ": obu_forbidden_bit set");
            int type = (h >>> 3) & 0x0F;
            int hl = (h & 0x04) != 0 ? 2 : 1;
            int p = at + hl;
            if (p > end) throw new IllegalArgumentException("OBU at " + (at - offset) + ": header cut short");
            int size;
            if ((h & 0x02) != 0) {
                long leb = Leb128.read(frame, p, end);
                if (leb < 0) throw new IllegalArgumentException("OBU at " + (at - offset) + ": bad obu_size");
                p += (int) (leb & 0x0F);
                if ((leb >>> 4) > end - p) throw new IllegalArgumentException("OBU at " + (at - offset) + ": obu_size runs past the temporal unit");
                size = (int) (leb >>> 4);
            } else {
                size = end - p; // without a size field the OBU runs to the end (AV1 §5.2 allows it for the last)
            }
            if (type != OBU_TEMPORAL_DELIMITER && type != OBU_TILE_LIST) add(at, hl, p, size);
            if (type == OBU_SEQUENCE_HEADER) newCodedVideoSequence = true;
            at = p + size;
        }
        if (count == 0) throw new IllegalArgumentException("the temporal unit has no OBU to send (only temporal delimiters or tile lists)");
        this.frame = frame;
        this.obu = 0;
        this.obuAt = 0;
        this.firstPayload = true;
    }

    private void add(int h, int hl, int p, int size) {
        if (count == header.length) {
            header = Arrays.copyOf(header, 2 * count);
            headerLength = Arrays.copyOf(headerLength, 2 * count);
            payload = Arrays.copyOf(payload, 2 * count);
            payloadLength = Arrays.copyOf(payloadLength, 2 * count);
        }
        header[count] = h;
        headerLength[count] = hl;
        payload[count] = p;
        payloadLength[count] = size;
        count++;
    }

    private int elementLength(int i) {
        return headerLength[i] + payloadLength[i];
    }

    /** Copies bytes [from, from+n) of OBU element i (its header without the size flag, then its payload) to dst[at]. */
    private void copyElement(int i, int from, int n, byte[] dst, int at) {
        int hl = headerLength[i];
        while (n > 0 && from < hl) {
            int b = frame[header[i] + from] & 0xFF;
            dst[at++] = (byte) (from == 0 ? b & ~0x02 : b); // obu_has_size_field = 0
            from++;
            n--;
        }
        if (n > 0) System.arraycopy(frame, payload[i] + from - hl, dst, at, n);
    }

    @Override
    public boolean hasNextPayload() {
        return frame != null && obu < count;
    }

    @Override
    public int nextPayload(byte[] dst, int offset) {
        if (!hasNextPayload()) throw new IllegalStateException("no AV1 payload left: call beginFrame");
        Objects.checkFromIndexSize(offset, maxPayloadSize, dst.length);
        int limit = offset + maxPayloadSize;
        boolean z = obuAt > 0;
        int at = offset + 1;
        int elements = 0;
        int lastStart = 0, lastObu = 0, lastFrom = 0;
        // Greedy: whole elements with their lengths while they fit, then as much of the next as fits.
        while (obu < count && limit - at >= 2) {
            int remaining = elementLength(obu) - obuAt;
            int room = limit - at;
            int n = Math.min(remaining, room - Leb128.size(Math.min(remaining, room)));
            if (n <= 0) break;
            lastStart = at;
            lastObu = obu;
            lastFrom = obuAt;
            at += Leb128.write(n, dst, at);
            copyElement(obu, obuAt, n, dst, at);
            at += n;
            elements++;
            obuAt += n;
            if (obuAt < elementLength(obu)) break; // the payload is full
            obu++;
            obuAt = 0;
        }
        int w = 0;
        if (elements <= 3) {
            // W = element count: the last element loses its length field, and takes the room that frees.
            w = elements;
            int n = Math.min(elementLength(lastObu) - lastFrom, limit - lastStart);
            copyElement(lastObu, lastFrom, n, dst, lastStart);
            at = lastStart + n;
            obu = lastObu;
            obuAt = lastFrom + n;
            if (obuAt == elementLength(obu)) {
                obu++;
                obuAt = 0;
            }
        }
        boolean y = obuAt > 0;
        boolean n = firstPayload && newCodedVideoSequence;
        dst[offset] = (byte) ((z ? 0x80 : 0) | (y ? 0x40 : 0) | w << 4 | (n ? 0x08 : 0));
        firstPayload = false;
        marker = obu == count;
        if (marker) frame = null;
        return at - offset;
    }

    @Override
    public boolean marker() {
        return marker;
    }
}
