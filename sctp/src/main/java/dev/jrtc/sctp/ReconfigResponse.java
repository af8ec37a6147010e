package dev.jrtc.sctp;

/**
 * Re-configuration Response Parameter (RFC 6525 §4.4): the answer to the request with the same sequence number.
 * The optional TSN fields (only for SSN/TSN reset requests, which WebRTC does not use) are neither written nor read.
 *
 * <pre>
 * | type 16 | length | re-configuration response seq n | result |
 * </pre>
 */
record ReconfigResponse(long responseSequence, long result) {
    public static final long SUCCESS_NOTHING_TO_DO = 0;
    public static final long SUCCESS_PERFORMED = 1;
    public static final long DENIED = 2;
    public static final long ERROR_WRONG_SSN = 3;
    public static final long ERROR_REQUEST_ALREADY_IN_PROGRESS = 4;
    public static final long ERROR_BAD_SEQUENCE_NUMBER = 5;
    public static final long IN_PROGRESS = 6;

    /** Reads the parameter's value; null when it is malformed. */
    public static ReconfigResponse from(SctpParameter p) {
        byte[] v = p.value();
        if (p.type() != SctpParameter.RECONFIG_RESPONSE || v.length != 8 && v.length != 16) return null;
        return new ReconfigResponse(OutgoingSsnResetRequest.u32(v, 0), OutgoingSsnResetRequest.u32(v, 4));
    }

    public SctpParameter toParameter() {
        byte[] v = new byte[8];
        OutgoingSsnResetRequest.put32(v, 0, responseSequence);
        OutgoingSsnResetRequest.put32(v, 4, result);
        return new SctpParameter(SctpParameter.RECONFIG_RESPONSE, v);
    }

    /** True for the two success results. */
    public boolean success() {
        return result == SUCCESS_NOTHING_TO_DO || result == SUCCESS_PERFORMED;
    }
}
