package dev.jrtc.rtp.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * SDES: source description (RFC 3550 §6.5): per source a chunk of items (CNAME = 1, NAME = 2, ... PRIV = 8),
 * each chunk ended by a zero byte and padded to 32 bits.
 */
public record SourceDescription(List<Chunk> chunks) implements RtcpPacket {
    public static final int CNAME = 1;

    public SourceDescription {
        chunks = List.copyOf(chunks);
        if (chunks.size() > 31) throw new IllegalArgumentException("at most 31 SDES chunks: " + chunks.size());
    }

    /** One source's items. */
    public record Chunk(long ssrc, List<Item> items) {
        public Chunk {
            items = List.copyOf(items);
        }
    }

    /** One item: its type (1..255) and value bytes (usually UTF-8 text, at most 255 bytes). */
    public record Item(int type, OpaqueBytes value) {
        public Item {
            if (type < 1 || type > 255) throw new IllegalArgumentException("SDES item type must be 1..255: " + type);
            if (value.length() > 255) throw new IllegalArgumentException("SDES item longer than 255 bytes");
        }

        public static Item cname(String cname) {
            return new Item(CNAME, OpaqueBytes.of(cname.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    static SourceDescription read(int count, RtcpIn in, int bodyStart) throws RtcpFormatException {
        List<Chunk> chunks = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            long ssrc = in.u32("SDES chunk SSRC");
            List<Item> items = new ArrayList<>();
            while (true) {
                int type = in.u8("SDES item type");
                if (type == 0) {
                    // Chunk ends: skip the zero padding up to the next 32-bit boundary.
                    while ((in.position() - bodyStart) % 4 != 0) {
                        if (in.u8("SDES chunk padding") != 0) throw new RtcpFormatException("SDES chunk padding is not zero");
                    }
                    break;
                }
                int length = in.u8("SDES item length");
                items.add(new Item(type, in.bytes(length, "SDES item")));
            }
            chunks.add(new Chunk(ssrc, items));
        }
        return new SourceDescription(chunks);
    }

    @Override
    public int packetType() {
        return SDES;
    }

    @Override
    public void writeTo(RtcpOut out) {
        out.begin(chunks.size(), SDES);
        for (Chunk c : chunks) {
            out.u32(c.ssrc());
            for (Item i : c.items()) {
                out.u8(i.type());
                out.u8(i.value().length());
                i.value().writeTo(out);
            }
            out.u8(0);
            out.alignWithZeros();
        }
        out.end();
    }
}
