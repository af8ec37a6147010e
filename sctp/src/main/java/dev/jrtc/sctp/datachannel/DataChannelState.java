package dev.jrtc.sctp.datachannel;

/** The life of a data channel (RFC 8831 §6.4, §6.7), named as W3C RTCDataChannelState. */
public enum DataChannelState { CONNECTING, OPEN, CLOSING, CLOSED }
