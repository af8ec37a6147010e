package dev.jrtc.sctp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The far end of an association written by hand: the test decides every chunk it sends, so it can send what no
 * well-behaved implementation would. It opens the association from its side (RFC 9260 §5.1) with the INIT
 * parameters the test chooses, and then knows the tags and TSNs needed to forge anything.
 */
public final class ScriptedPeer {
    public static final long OWN_TAG = 0x0BADCAFEL;
    public static final long INITIAL_TSN = 1000;

    private final Consumer<byte[]> victimInput;
    private final Supplier<byte[]> victimOutput;
    private final List<SctpPacket> received = new ArrayList<>();
    private final long initialTsn;
    private long victimTag;
    private long nextTsn;
    private long nextReconfigSequence;

    public ScriptedPeer(Consumer<byte[]> victimInput, Supplier<byte[]> victimOutput) {
        this(victimInput, victimOutput, INITIAL_TSN);
    }

    /** A peer whose TSNs (and reset request numbers) start at {@code initialTsn}. */
    public ScriptedPeer(Consumer<byte[]> victimInput, Supplier<byte[]> victimOutput, long initialTsn) {
        this.victimInput = victimInput;
        this.victimOutput = victimOutput;
        this.initialTsn = initialTsn;
        this.nextTsn = initialTsn;
        this.nextReconfigSequence = initialTsn;
    }

    /** Announces FORWARD TSN and RE-CONFIG like every WebRTC stack. */
    public static List<SctpParameter> webRtcExtensions() {
        return List.of(new SctpParameter(SctpParameter.FORWARD_TSN_SUPPORTED, new byte[0]),
                new SctpParameter(SctpParameter.SUPPORTED_EXTENSIONS, new byte[] {(byte) SctpChunk.FORWARD_TSN, (byte) SctpChunk.RE_CONFIG}));
    }

    /** INIT with {@code params}, then COOKIE ECHO with the cookie of the INIT ACK; throws if the victim does not answer. */
    public void handshake(List<SctpParameter> params) {
        victimInput.accept(new SctpPacket(5000, 5000, 0,
                List.of(new InitChunk(false, OWN_TAG, 1 << 20, 65535, 65535, initialTsn, params))).serialize());
        InitChunk ack = null;
        for (SctpPacket p : drain()) {
            if (p.chunks().get(0) instanceof InitChunk i && i.ack()) ack = i;
        }
        if (ack == null) throw new AssertionError("no INIT ACK");
        victimTag = ack.initiateTag();
        send(new CookieEchoChunk(ack.stateCookie()));
        boolean cookieAck = drain().stream().anyMatch(p -> p.chunks().stream()
                .anyMatch(c -> c instanceof SimpleChunk s && s.type() == SctpChunk.COOKIE_ACK));
        if (!cookieAck) throw new AssertionError("no COOKIE ACK");
    }

    /** The victim's verification tag: what every packet to it carries. */
    public long victimTag() {
        return victimTag;
    }

    /** Our next TSN; {@link #data} takes it. */
    public long nextTsn() {
        return nextTsn;
    }

    public void send(SctpChunk... chunks) {
        victimInput.accept(new SctpPacket(5000, 5000, victimTag, List.of(chunks)).serialize());
    }

    /** A DATA chunk with our next TSN. */
    public DataChunk data(boolean unordered, boolean beginning, boolean ending, int stream, int ssn, long ppid, byte[] payload) {
        return new DataChunk(false, unordered, beginning, ending, nextTsn++ & 0xFFFFFFFFL, stream, ssn, ppid, payload);
    }

    /** A whole message in one DATA chunk. */
    public DataChunk message(int stream, int ssn, long ppid, byte[] payload) {
        return data(false, true, true, stream, ssn, ppid, payload);
    }

    /** An Outgoing SSN Reset Request with our next request sequence number and our last TSN. */
    public ReconfigChunk resetRequest(int... streams) {
        List<Integer> ids = new ArrayList<>();
        for (int s : streams) ids.add(s);
        return new ReconfigChunk(List.of(new OutgoingSsnResetRequest(nextReconfigSequence++, 0, (nextTsn - 1) & 0xFFFFFFFFL, ids).toParameter()));
    }

    /** Everything the victim sent since the last call, parsed. */
    public List<SctpPacket> drain() {
        List<SctpPacket> out = new ArrayList<>();
        for (byte[] b = victimOutput.get(); b != null; b = victimOutput.get()) {
            SctpPacket.ParseResult r = SctpPacket.parse(b, 0, b.length);
            if (!r.isOk()) throw new AssertionError("the victim sent a malformed packet: " + r.error());
            out.add(r.packet());
        }
        received.addAll(out);
        return out;
    }

    /** Chunks of {@code type} among {@code packets}. */
    public static <T extends SctpChunk> List<T> chunks(List<SctpPacket> packets, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (SctpPacket p : packets) {
            for (SctpChunk c : p.chunks()) {
                if (type.isInstance(c)) out.add(type.cast(c));
            }
        }
        return out;
    }
}
