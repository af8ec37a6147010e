package dev.jrtc.sctp;

import java.util.List;

/**
 * INIT and INIT ACK (RFC 9260 §3.3.2, §3.3.3): same fixed fields, then parameters (the state cookie in INIT ACK,
 * supported extensions, forward-TSN-supported).
 *
 * <pre>
 * | 1 or 2 | flags | length | initiate tag | a_rwnd | outbound streams | inbound streams | initial TSN | params
 * </pre>
 */
record InitChunk(boolean ack, long initiateTag, long advertisedReceiverWindow, int outboundStreams,
                        int inboundStreams, long initialTsn, List<SctpParameter> parameters) implements SctpChunk {
    public InitChunk {
        parameters = List.copyOf(parameters);
    }

    static InitChunk read(boolean ack, ChunkIn in) throws SctpFormatException {
        long tag = in.u32("initiate tag");
        if (tag == 0) throw new SctpFormatException("initiate tag 0 (RFC 9260 §3.3.2 forbids it)");
        long rwnd = in.u32("a_rwnd");
        int out = in.u16("outbound streams");
        int inbound = in.u16("inbound streams");
        if (out == 0 || inbound == 0) throw new SctpFormatException("zero streams in INIT");
        long tsn = in.u32("initial TSN");
        return new InitChunk(ack, tag, rwnd, out, inbound, tsn, SctpParameter.readAll(in));
    }

    /** The state cookie parameter's value (INIT ACK), or null. */
    public byte[] stateCookie() {
        for (SctpParameter p : parameters) {
            if (p.type() == SctpParameter.STATE_COOKIE) return p.value().clone();
        }
        return null;
    }

    /** True when the peer supports partial reliability (FORWARD-TSN, RFC 3758 §3.3.1). */
    public boolean forwardTsnSupported() {
        return parameters.stream().anyMatch(p -> p.type() == SctpParameter.FORWARD_TSN_SUPPORTED);
    }

    @Override
    public int type() {
        return ack ? INIT_ACK : INIT;
    }

    @Override
    public void writeTo(ChunkOut out) {
        out.beginChunk(type(), 0);
        out.u32(initiateTag);
        out.u32(advertisedReceiverWindow);
        out.u16(outboundStreams);
        out.u16(inboundStreams);
        out.u32(initialTsn);
        for (SctpParameter p : parameters) p.writeTo(out);
        out.endChunkAfterParameters();
    }
}
