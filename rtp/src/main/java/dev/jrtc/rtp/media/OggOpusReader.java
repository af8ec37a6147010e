package dev.jrtc.rtp.media;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads an Ogg Opus file (RFC 7845 on RFC 3533 pages, the ".opus" files ffmpeg and opusenc write): checks each
 * page's CRC, rebuilds packets from the lacing values (also across pages), takes the identification and comment
 * headers, and gives the audio packets with their granule positions.
 *
 * <p>Granule positions: a page's granule position is that of the last packet completed on it (RFC 3533 §6); the
 * packets before it on the page are counted forward from the previous page by their durations
 * ({@link OpusPacket#samples}), and the last page may end earlier than its packets' durations add up to (end
 * trimming, RFC 7845 §4.4). Pages of other logical streams in the file are skipped.
 *
 * <p>Malformed input (bad CRC, cut pages, missing headers, a page sequence gap, packets that are not Opus packets
 * or above {@link #MAX_PACKET} bytes) is an {@link IOException}. The reader does not close {@code in}.
 */
public final class OggOpusReader {
    /** Largest packet accepted (an Opus packet is at most about 61 kB, RFC 6716 §3.4). */
    public static final int MAX_PACKET = 256 * 1024;

    private final InputStream in;
    private final OggPage page = new OggPage();
    private final ArrayDeque<OggOpusPacket> ready = new ArrayDeque<>();
    private final List<byte[]> completed = new ArrayList<>();

    private byte[] partial = new byte[4096];
    private int partialLength;
    private boolean inPacket;

    private boolean haveSerial;
    private int serial;
    private long nextSequence;
    private int packets;
    private boolean endOfStream;
    private boolean haveGranule;
    private long granule;

    private OpusHead head;
    private OpusTags tags;

    /** Reads up to the end of the comment header. */
    public OggOpusReader(InputStream in) throws IOException {
        this.in = Objects.requireNonNull(in, "in");
        while (tags == null) {
            if (!pump()) throw new IOException(head == null ? "no OpusHead: not an Ogg Opus stream" : "no OpusTags after OpusHead");
        }
    }

    public OpusHead head() {
        return head;
    }

    public OpusTags tags() {
        return tags;
    }

    /** The next audio packet, or null at the end of the stream. */
    public OggOpusPacket next() throws IOException {
        while (ready.isEmpty()) {
            if (endOfStream || !pump()) return null;
        }
        return ready.poll();
    }

    /** Reads one page of the stream and queues the packets completed on it; false at the end of the input. */
    private boolean pump() throws IOException {
        while (true) {
            if (!page.read(in)) {
                if (inPacket) throw new IOException("Ogg Opus stream ends inside a packet");
                return false;
            }
            if (!haveSerial) {
                if ((page.headerType & OggPage.BEGINNING_OF_STREAM) == 0) throw new IOException("Ogg stream does not begin with a first page");
                if (page.bodyLength < 8 || !startsWithOpusHead()) continue; // another codec's stream: skip it
                haveSerial = true;
                serial = page.serial;
                nextSequence = page.sequence;
            }
            if (page.serial != serial) continue;
            if (page.sequence != nextSequence) throw new IOException("Ogg page sequence gap: " + page.sequence + " where " + nextSequence + " was due");
            nextSequence = (nextSequence + 1) & 0xFFFFFFFFL;
            break;
        }
        boolean continued = (page.headerType & OggPage.CONTINUED) != 0;
        if (continued != inPacket) throw new IOException(continued ? "Ogg page continues a packet that was not begun" : "Ogg page drops an unfinished packet");
        completed.clear();
        int at = 0;
        for (int i = 0; i < page.segments; i++) {
            int n = page.lacing[i];
            if (partialLength + n > MAX_PACKET) throw new IOException("Ogg packet larger than " + MAX_PACKET + " bytes");
            if (partialLength + n > partial.length) partial = Arrays.copyOf(partial, Math.max(2 * partial.length, partialLength + n));
            System.arraycopy(page.body, at, partial, partialLength, n);
            partialLength += n;
            at += n;
            inPacket = n == 255;
            if (!inPacket) {
                completed.add(Arrays.copyOf(partial, partialLength));
                partialLength = 0;
            }
        }
        boolean last = (page.headerType & OggPage.END_OF_STREAM) != 0;
        List<byte[]> audio = new ArrayList<>();
        for (byte[] p : completed) {
            if (packets == 0) head = OpusHead.parse(p);
            else if (packets == 1) tags = OpusTags.parse(p);
            else audio.add(p);
            packets++;
        }
        if (!audio.isEmpty()) queueAudio(audio, last);
        if (last) endOfStream = true;
        return true;
    }

    private boolean startsWithOpusHead() {
        for (int i = 0; i < 8; i++) if (page.body[i] != "OpusHead".charAt(i)) return false;
        return true;
    }

    private void queueAudio(List<byte[]> audio, boolean lastPage) throws IOException {
        long[] samples = new long[audio.size()];
        long sum = 0;
        for (int i = 0; i < samples.length; i++) {
            byte[] p = audio.get(i);
            int s = OpusPacket.samples(p, 0, p.length);
            if (s < 0) throw new IOException("Ogg Opus audio packet " + (packets - audio.size() + i - 2) + " is not a well-formed Opus packet");
            samples[i] = s;
            sum += s;
        }
        long pageGranule = page.granulePosition;
        if (pageGranule == -1) throw new IOException("Ogg page completes packets but has no granule position");
        if (!haveGranule) { // RFC 7845 §4.5: the first audio page's granule position sets where the stream starts
            granule = pageGranule - sum;
            haveGranule = true;
        }
        for (int i = 0; i < samples.length; i++) {
            granule += samples[i];
            boolean lastOnPage = i == samples.length - 1;
            // The page's own number wins for its last packet: on the last page it trims the end (RFC 7845 §4.4).
            ready.add(new OggOpusPacket(audio.get(i), lastOnPage || (lastPage && granule > pageGranule) ? pageGranule : granule));
        }
        granule = pageGranule;
    }
}
