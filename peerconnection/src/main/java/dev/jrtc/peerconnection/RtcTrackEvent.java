package dev.jrtc.peerconnection;

import java.util.List;

/** RTCTrackEvent (W3C webrtc §5.7): a remote track the peer started sending, with its receiver and transceiver. */
public record RtcTrackEvent(RtpReceiver receiver, MediaStreamTrack track, List<String> streamIds,
                            RtpTransceiver transceiver) {
    public RtcTrackEvent {
        streamIds = List.copyOf(streamIds);
    }
}
