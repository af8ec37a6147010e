package dev.jrtc.rtp.cc;

/** The over-use detector's signal (draft-ietf-rmcat-gcc-02 §5.4): is the path's queue growing, steady or draining? */
public enum BandwidthUsage {
    NORMAL,
    OVERUSING,
    UNDERUSING
}
