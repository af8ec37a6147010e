package dev.jrtc.rtp.media;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Ogg Opus comment header (RFC 7845 §5.2), the second packet of an Ogg Opus stream: a vendor string and
 * "NAME=value" comments, each a 32-bit little-endian length and UTF-8 bytes.
 *
 * <pre>
 * "OpusTags" | vendor length (32) | vendor | comment count (32) | { length (32) | comment } ...
 * </pre>
 */
public record OpusTags(String vendor, List<String> comments) {
    /** Comment headers above this are refused: they would need pages of their own and no tool here writes them. */
    public static final int MAX_SIZE = 64 * 1024;

    public OpusTags {
        Objects.requireNonNull(vendor, "vendor");
        comments = List.copyOf(comments);
    }

    public byte[] toBytes() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("OpusTags".getBytes(StandardCharsets.US_ASCII));
        writeString(b, vendor);
        writeInt(b, comments.size());
        for (String c : comments) writeString(b, c);
        return b.toByteArray();
    }

    public static OpusTags parse(byte[] b) throws IOException {
        if (!OggPage.startsWith(b, "OpusTags")) throw new IOException("not an OpusTags packet");
        int[] at = {8};
        String vendor = readString(b, at);
        long count = readInt(b, at);
        if (count > (b.length - at[0]) / 4) throw new IOException("OpusTags comment count " + count + " exceeds the packet");
        List<String> comments = new ArrayList<>();
        for (long i = 0; i < count; i++) comments.add(readString(b, at));
        // RFC 7845 §5.2: bytes after the comments may hold binary data; they are ignored.
        return new OpusTags(vendor, comments);
    }

    private static void writeString(ByteArrayOutputStream b, String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        writeInt(b, u.length);
        b.writeBytes(u);
    }

    private static void writeInt(ByteArrayOutputStream b, int v) {
        for (int i = 0; i < 4; i++) b.write(v >>> (8 * i));
    }

    private static long readInt(byte[] b, int[] at) throws IOException {
        if (b.length - at[0] < 4) throw new IOException("OpusTags cut short");
        long v = 0;
        for (int i = 3; i >= 0; i--) v = v << 8 | (b[at[0] + i] & 0xFF);
        at[0] += 4;
        return v;
    }

    private static String readString(byte[] b, int[] at) throws IOException {
        long n = readInt(b, at);
        if (n > b.length - at[0]) throw new IOException("OpusTags string of " + n + " bytes exceeds the packet");
        String s = new String(b, at[0], (int) n, StandardCharsets.UTF_8);
        at[0] += (int) n;
        return s;
    }
}
