package dev.jrtc.interop.peer;

/**
 * The WebRTC stacks a {@link RemotePeer} can run: each is a small program that speaks the line protocol described in
 * the {@linkplain dev.jrtc.interop.peer package documentation} and drives its stack through its
 * RTCPeerConnection-style API (W3C webrtc §4.4).
 */
public enum PeerKind {
    /** libdatachannel (C++, usrsctp) through the npm package node-datachannel 0.33.4. */
    LIBDATACHANNEL(PeerRuntime.NODE, "libdatachannel", "node-datachannel 0.33.4 (libdatachannel, usrsctp)"),
    /** Google's libwebrtc, the stack inside Chrome, through the npm package @roamhq/wrtc 0.10.0. */
    LIBWEBRTC(PeerRuntime.NODE, "libwebrtc", "@roamhq/wrtc 0.10.0 (libwebrtc)"),
    /** werift 0.25.2, WebRTC in TypeScript. */
    WERIFT(PeerRuntime.NODE, "werift", "werift 0.25.2 (TypeScript)"),
    /** aiortc 1.4 (Python, asyncio) from Debian's python3-aiortc. */
    AIORTC(PeerRuntime.PYTHON, "aiortc", "aiortc 1.4 (Python)"),
    /** pion/webrtc v3.1 (Go) from Debian's golang-github-pion-webrtc.v3-dev, built offline. */
    PION(PeerRuntime.GO, "pion", "pion/webrtc 3.1 (Go)"),
    /**
     * Debian's headless Chromium, driven by the Node peer program over the DevTools protocol; the peer code runs in
     * its page. Needs the chromium package ({@code JRTC_CHROMIUM} names another binary).
     */
    CHROMIUM(PeerRuntime.NODE, "chromium", "Chromium (headless, DevTools protocol)");

    private final PeerRuntime runtime;
    private final String stack;
    private final String description;

    PeerKind(PeerRuntime runtime, String stack, String description) {
        this.runtime = runtime;
        this.stack = stack;
        this.description = description;
    }

    /** The program family that runs this stack. */
    PeerRuntime runtime() {
        return runtime;
    }

    /** The stack's name as the peer program takes it on its command line. */
    String stack() {
        return stack;
    }

    /** The stack and the version this suite pins, for reports. */
    public String description() {
        return description;
    }
}
