package dev.jrtc.signaling;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Why a WHIP request failed: the status and a fixed reason for the client; the message (and cause) are for the log
 * only, since they may quote the client's SDP or internal state.
 */
final class WhipException extends RuntimeException {
    private final HttpResponseStatus status;
    private final String publicReason;

    WhipException(HttpResponseStatus status, String publicReason, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.publicReason = publicReason;
    }

    HttpResponseStatus status() {
        return status;
    }

    String publicReason() {
        return publicReason;
    }
}
