package dev.jrtc.rtp.media;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes an Ogg Opus file (RFC 7845 on RFC 3533 pages) that ffmpeg, opusdec and browsers play: a first page with the
 * identification header only, a page with the comment header, then audio pages of up to one second (or 255
 * segments), the last flagged end-of-stream. Each audio page's granule position is that of the last packet completed
 * on it, counted in 48 kHz samples from the stream start with pre-skip included (RFC 7845 §4).
 *
 * <p>Packets are never split across pages: an Opus packet (at most about 61 kB) always fits one. The last page is
 * held back until {@link #finish} so it can carry the end-of-stream flag. The writer does not close {@code out} and
 * keeps no reference to the packets it is given.
 */
public final class OggOpusWriter {
    private static final int PAGE_SAMPLES = 48000;
    private static final int MAX_PACKET = 255 * 255 - 1; // 255 lacing values of which the last is below 255

    private final OutputStream out;
    private final int serial;
    private long sequence;
    private long granule;

    private final int[] lacing = new int[255];
    private final byte[] body = new byte[OggPage.MAX_BODY];
    private int segments;
    private int bodyLength;
    private int pagePackets;
    private long pageStartGranule;
    private boolean finished;

    /**
     * Writes the two header pages.
     *
     * @param serial the logical stream's serial number (RFC 3533 §6; random in general)
     */
    public OggOpusWriter(OutputStream out, OpusHead head, OpusTags tags, int serial) throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        this.serial = serial;
        byte[] tagBytes = tags.toBytes();
        if (tagBytes.length > MAX_PACKET) throw new IllegalArgumentException("OpusTags of " + tagBytes.length + " bytes does not fit one page");
        byte[] headBytes = head.toBytes();
        add(headBytes, 0, headBytes.length);
        flush(OggPage.BEGINNING_OF_STREAM, 0);
        add(tagBytes, 0, tagBytes.length);
        flush(0, 0);
        pageStartGranule = 0;
    }

    /** Appends an Opus packet; its granule position is the previous one plus its duration ({@link OpusPacket#samples}). */
    public void writePacket(byte[] packet, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, packet.length);
        int samples = OpusPacket.samples(packet, offset, length);
        if (samples < 0) throw new IllegalArgumentException("not a well-formed Opus packet (RFC 6716 §3)");
        writePacket(packet, offset, length, granule + samples);
    }

    /**
     * Appends an Opus packet that ends at {@code granulePosition} (when copying a stream, or to trim the end: RFC
     * 7845 §4.4 lets the last page's position fall short of its packets' durations).
     */
    public void writePacket(byte[] packet, int offset, int length, long granulePosition) throws IOException {
        Objects.checkFromIndexSize(offset, length, packet.length);
        if (finished) throw new IllegalStateException("the Ogg Opus stream is finished");
        if (length == 0 || length > MAX_PACKET) throw new IllegalArgumentException("an Opus packet of " + length + " bytes (1.." + MAX_PACKET + ")");
        if (granulePosition < granule) throw new IllegalArgumentException("granule position " + granulePosition + " goes back from " + granule);
        int need = length / 255 + 1;
        if (pagePackets > 0 && (segments + need > 255 || granule - pageStartGranule >= PAGE_SAMPLES)) {
            flush(0, granule);
            pageStartGranule = granule;
        }
        add(packet, offset, length);
        granule = granulePosition;
    }

    /** Writes the last page with the end-of-stream flag; the writer takes nothing after it. */
    public void finish() throws IOException {
        if (finished) return;
        finished = true;
        flush(OggPage.END_OF_STREAM, granule);
        out.flush();
    }

    private void add(byte[] packet, int offset, int length) {
        for (int left = length; ; left -= 255) {
            lacing[segments++] = Math.min(left, 255);
            if (left < 255) break;
        }
        System.arraycopy(packet, offset, body, bodyLength, length);
        bodyLength += length;
        pagePackets++;
    }

    private void flush(int headerType, long pageGranule) throws IOException {
        OggPage.write(out, headerType, pageGranule, serial, sequence++, lacing, segments, body);
        segments = 0;
        bodyLength = 0;
        pagePackets = 0;
    }
}
