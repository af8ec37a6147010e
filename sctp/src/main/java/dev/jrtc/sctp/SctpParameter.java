package dev.jrtc.sctp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A variable-length parameter of INIT, INIT ACK, HEARTBEAT and RE-CONFIG chunks (RFC 9260 §3.2.1): type, value,
 * padded to 4 bytes. Values are kept raw; chunks read the ones they understand.
 */
record SctpParameter(int type, byte[] value) {
    public static final int HEARTBEAT_INFO = 1;
    public static final int STATE_COOKIE = 7;
    public static final int UNRECOGNIZED_PARAMETER = 8;
    public static final int SUPPORTED_EXTENSIONS = 0x8008;
    public static final int FORWARD_TSN_SUPPORTED = 0xC000;
    public static final int OUTGOING_SSN_RESET_REQUEST = 13;
    public static final int INCOMING_SSN_RESET_REQUEST = 14;
    public static final int RECONFIG_RESPONSE = 16;

    public SctpParameter {
        Objects.requireNonNull(value, "value");
        if (value.length > 65535 - 4) throw new IllegalArgumentException("parameter value too long: " + value.length);
    }

    static List<SctpParameter> readAll(ChunkIn in) throws SctpFormatException {
        List<SctpParameter> params = new ArrayList<>();
        while (in.remaining() >= 4) {
            int type = in.u16("parameter type");
            int length = in.u16("parameter length");
            if (length < 4) throw new SctpFormatException("parameter length " + length + " below 4");
            byte[] value = in.bytes(length - 4, "parameter value");
            int pad = (4 - length % 4) % 4;
            if (in.remaining() < pad && in.remaining() > 0) throw new SctpFormatException("parameter padding cut short");
            if (pad > 0 && in.remaining() >= pad) in.bytes(pad, "parameter padding");
            params.add(new SctpParameter(type, value));
        }
        if (in.remaining() != 0) throw new SctpFormatException(in.remaining() + " stray bytes after the parameters");
        return params;
    }

    void writeTo(ChunkOut out) {
        int at = out.position();
        out.u16(type);
        out.u16(0);
        out.bytes(value);
        out.patchLengthAndPad(at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SctpParameter p && p.type == type && Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Param{type=0x" + Integer.toHexString(type) + ", " + value.length + " bytes}";
    }
}
