package dev.jrtc.dtls;

/** Which side of the DTLS handshake we play (RFC 6347 §4.2): the client sends the ClientHello. */
public enum DtlsRole {
    CLIENT,
    SERVER
}
