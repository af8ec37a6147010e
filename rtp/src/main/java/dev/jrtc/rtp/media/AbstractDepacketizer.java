package dev.jrtc.rtp.media;

import java.util.Arrays;
import java.util.Objects;

/**
 * The frame assembly shared by every {@link Depacketizer} (RFC 3550 §5.1: sequence numbers order the packets and
 * show loss, packets of one frame share a timestamp): a frame starts at a payload the codec calls a frame start,
 * collects contiguous payloads of the same timestamp and ends at the codec's frame end. A gap or a timestamp change
 * before the end discards the frame; payloads that cannot start a frame are dropped until one can.
 *
 * <p>Frame start: codecs with an explicit start flag (VP8, VP9, Opus) start a frame at any payload carrying it.
 * Codecs without one (H.264, AV1) start a frame only at a start payload whose previous packet was received and ended
 * a frame or had another timestamp; after a gap they cannot tell whether the frame's first packets were lost. The
 * stream's very first payload may start a frame.
 *
 * <p>Key frames: by default (see {@link #AbstractDepacketizer(int, boolean)}) the first frame delivered and the
 * first after any discarded frame or sequence gap must be key frames, since later frames predict from the ones lost;
 * frames before it are discarded and counted.
 *
 * <p>Empty payloads (padding-only packets) belong to no frame: they are dropped but keep the sequence contiguous. A
 * duplicate, or a packet up to {@value #REORDER_WINDOW} behind the last one, is late and dropped; one further behind
 * means the sender's numbering jumped, and counts as a gap.
 *
 * <p>The frame is assembled in one growable buffer owned by this object, reused from frame to frame and never larger
 * than the limit given to the constructor (a frame that would exceed it is discarded as malformed).
 */
abstract class AbstractDepacketizer implements Depacketizer {
    /** Default limit on a frame: far above a WebRTC key frame, small enough that garbage cannot exhaust memory. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 4 << 20;

    /**
     * How far behind the last packet a packet counts as late (dropped); further behind, the sequence jumped and it
     * is taken as new, after a gap. Reordering beyond a few hundred packets does not survive a jitter buffer.
     */
    static final int REORDER_WINDOW = 1000;

    private final int maxFrameSize;
    private final boolean keyFrameAfterLoss;

    /** The frame being assembled or just completed: {@code buf[0, length)}. Subclasses append through the helpers. */
    protected byte[] buf;
    protected int length;

    private boolean havePrevious;
    private int lastSequence;
    private long lastTimestamp;
    private boolean lastEndedFrame;

    private boolean assembling;
    private long frameTimestamp;
    private boolean frameKey;
    private boolean frameFollowsLoss;
    private boolean complete;

    private boolean lossSinceLastFrame;
    private boolean awaitingKeyFrame;
    private boolean discardedAny;
    private long discardedTimestamp;

    private long framesCompleted;
    private long framesDiscarded;
    private long malformed;
    private long lateOrDuplicate;

    /**
     * @param maxFrameSize       the largest frame assembled, in bytes of the depacketizer's output
     * @param keyFrameAfterLoss  whether to hold back frames until a key frame at the start and after a discarded
     *                           frame (true for a decoder or a file; false when the caller tracks references itself)
     */
    protected AbstractDepacketizer(int maxFrameSize, boolean keyFrameAfterLoss) {
        if (maxFrameSize < 1) throw new IllegalArgumentException("maxFrameSize must be positive: " + maxFrameSize);
        this.maxFrameSize = maxFrameSize;
        this.keyFrameAfterLoss = keyFrameAfterLoss;
        this.awaitingKeyFrame = keyFrameAfterLoss;
        this.buf = new byte[Math.min(16 * 1024, maxFrameSize)];
    }

    /**
     * Whether a start payload alone marks a frame start (VP8 S, VP9 B, Opus); false when the previous packet must be
     * known to have ended a frame (H.264, AV1).
     */
    protected abstract boolean startFlagIsExplicit();

    /**
     * Whether the payload's codec header parses at all (a cheap check made before frame assembly); a payload that
     * does not is dropped, counted as malformed, and discards the frame in progress.
     */
    protected abstract boolean parses(byte[] payload, int offset, int length);

    /**
     * Called at the first payload of a frame, before {@link #appendPayload}; resets per-frame parsing state.
     */
    protected void beginFrame() {}

    /**
     * Appends this payload's part of the frame to {@code buf} (with {@link #append}, {@link #ensureRoom}).
     *
     * @param first whether the payload is the frame's first
     * @param last  whether it is the frame's last ({@link #isFrameEnd} said so)
     * @return false when the payload is malformed (or the frame grows past the limit): the frame is discarded
     */
    protected abstract boolean appendPayload(byte[] payload, int offset, int length, boolean first, boolean last);

    @Override
    public final DepacketizeResult handlePayload(int sequenceNumber, long timestamp, boolean marker, byte[] payload, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, payload.length);
        complete = false;
        int sequence = sequenceNumber & 0xFFFF;
        timestamp &= 0xFFFFFFFFL;
        boolean contiguous = false;
        boolean previousEnded = true;
        boolean previousOtherTime = true;
        boolean firstEver = !havePrevious;
        if (havePrevious) {
            int ahead = (sequence - lastSequence) & 0xFFFF;
            if (ahead == 0 || ahead > 0x10000 - REORDER_WINDOW) {
                lateOrDuplicate++;
                return DepacketizeResult.DROPPED;
            }
            // Further back than any reordering: the sender's numbering jumped (a restart); from here it is a gap.
            contiguous = ahead == 1;
            previousEnded = lastEndedFrame;
            previousOtherTime = lastTimestamp != timestamp;
            if (!contiguous) {
                // Packets are missing: whether a frame of their own or part of this one, later frames may predict
                // from what was lost.
                lossSinceLastFrame = true;
                if (keyFrameAfterLoss) awaitingKeyFrame = true;
            }
        }
        if (length == 0) {
            // A padding-only packet (RFC 3550 §5.1 P bit, as bandwidth probes send): it keeps the sequence
            // contiguous and belongs to no frame.
            havePrevious = true;
            lastSequence = sequence;
            return DepacketizeResult.DROPPED;
        }
        boolean wellFormed = parses(payload, offset, length);
        boolean end = wellFormed && isFrameEnd(marker, payload, offset, length);
        havePrevious = true;
        lastSequence = sequence;
        lastTimestamp = timestamp;
        lastEndedFrame = end;

        if (!wellFormed) {
            malformed++;
            discardFrame(assembling ? frameTimestamp : timestamp);
            return DepacketizeResult.DROPPED;
        }
        if (assembling && (!contiguous || timestamp != frameTimestamp)) discardFrame(frameTimestamp);
        boolean first = false;
        if (!assembling) {
            boolean start = isFrameStart(payload, offset, length)
                    && (startFlagIsExplicit() || firstEver || (contiguous && (previousEnded || previousOtherTime)));
            if (!start) {
                discardFrame(timestamp);
                return DepacketizeResult.DROPPED;
            }
            assembling = true;
            first = true;
            frameTimestamp = timestamp;
            frameKey = false;
            this.length = 0;
            beginFrame();
        }
        if (!appendPayload(payload, offset, length, first, end)) {
            malformed++;
            discardFrame(frameTimestamp);
            return DepacketizeResult.DROPPED;
        }
        frameKey |= isKeyFrame(payload, offset, length);
        if (!end) return DepacketizeResult.PENDING;
        assembling = false;
        if (awaitingKeyFrame && !frameKey) {
            discardFrame(frameTimestamp);
            return DepacketizeResult.DROPPED;
        }
        awaitingKeyFrame = false;
        frameFollowsLoss = lossSinceLastFrame;
        lossSinceLastFrame = false;
        complete = true;
        framesCompleted++;
        return DepacketizeResult.FRAME_COMPLETE;
    }

    /** Ends the frame in progress, if any, and counts the frame of {@code timestamp} as discarded once. */
    private void discardFrame(long timestamp) {
        assembling = false;
        length = 0;
        lossSinceLastFrame = true;
        if (keyFrameAfterLoss) awaitingKeyFrame = true;
        if (!discardedAny || discardedTimestamp != timestamp) {
            framesDiscarded++;
            discardedAny = true;
            discardedTimestamp = timestamp;
        }
    }

    /** Makes room for {@code n} more bytes in {@code buf}; false when the frame would pass the limit. */
    protected final boolean ensureRoom(int n) {
        long need = (long) length + n;
        if (n < 0 || need > maxFrameSize) return false;
        if (need > buf.length) buf = Arrays.copyOf(buf, (int) Math.min(maxFrameSize, Math.max(need, 2L * buf.length)));
        return true;
    }

    /** Appends {@code src[off, off+n)} to the frame; false when it would pass the limit. */
    protected final boolean append(byte[] src, int off, int n) {
        if (!ensureRoom(n)) return false;
        System.arraycopy(src, off, buf, length, n);
        length += n;
        return true;
    }

    @Override
    public byte[] frameBuffer() {
        return buf;
    }

    @Override
    public int frameLength() {
        return complete ? length : 0;
    }

    @Override
    public long frameTimestamp() {
        return frameTimestamp;
    }

    @Override
    public boolean frameIsKeyFrame() {
        return complete && frameKey;
    }

    @Override
    public boolean frameFollowsLoss() {
        return complete && frameFollowsLoss;
    }

    @Override
    public long framesCompleted() {
        return framesCompleted;
    }

    @Override
    public long framesDiscarded() {
        return framesDiscarded;
    }

    @Override
    public long malformedPayloads() {
        return malformed;
    }

    @Override
    public long lateOrDuplicatePayloads() {
        return lateOrDuplicate;
    }
}
