package dev.jrtc.sctp;

import java.util.List;

/**
 * RE-CONFIG (RFC 6525 §3.1): one or two stream reconfiguration parameters (outgoing/incoming SSN reset request,
 * response), kept as parameters; data channels close through it.
 */
record ReconfigChunk(List<SctpParameter> parameters) implements SctpChunk {
    public ReconfigChunk {
        parameters = List.copyOf(parameters);
        if (parameters.isEmpty() || parameters.size() > 2) {
            throw new IllegalArgumentException("RE-CONFIG carries one or two parameters (RFC 6525 §3.1): " + parameters.size());
        }
    }

    static ReconfigChunk read(ChunkIn in) throws SctpFormatException {
        List<SctpParameter> params = SctpParameter.readAll(in);
        if (params.isEmpty() || params.size() > 2) throw new SctpFormatException("RE-CONFIG with " + params.size() + " parameters");
        return new ReconfigChunk(params);
    }

    @Override
    public int type() {
        return RE_CONFIG;
    }

    @Override
    public void writeTo(ChunkOut out) {
        out.beginChunk(RE_CONFIG, 0);
        for (SctpParameter p : parameters) p.writeTo(out);
        out.endChunkAfterParameters();
    }
}
