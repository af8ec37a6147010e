package dev.jrtc.peerconnection;

import dev.jrtc.testkit.ProxiedCandidates;
import dev.jrtc.testkit.UdpImpairmentProxy;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two PeerConnections that reach each other only through a {@link UdpImpairmentProxy} link: descriptions are
 * exchanged whole once gathering is complete (no trickle), with the host candidates pointed at the proxy.
 */
final class ProxiedPeerPair {
    private ProxiedPeerPair() {}

    /** Offer from {@code a}, answer from {@code b}, through {@code link}; returns once both descriptions are applied. */
    static void negotiate(PeerConnection a, PeerConnection b, UdpImpairmentProxy.Link link) throws Exception {
        a.setLocalDescription().get(10, TimeUnit.SECONDS);
        String offer = complete(a);
        InetSocketAddress aAddress = only(ProxiedCandidates.hostAddresses(offer));
        b.setRemoteDescription(RtcSessionDescription.offer(ProxiedCandidates.pointAt(offer, link.addressForB())))
                .get(10, TimeUnit.SECONDS);
        b.setLocalDescription().get(10, TimeUnit.SECONDS);
        String answer = complete(b);
        link.connect(aAddress, only(ProxiedCandidates.hostAddresses(answer)));
        a.setRemoteDescription(RtcSessionDescription.answer(ProxiedCandidates.pointAt(answer, link.addressForA())))
                .get(10, TimeUnit.SECONDS);
    }

    /** The local description once every candidate is gathered (it then carries them all). */
    private static String complete(PeerConnection pc) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (pc.iceGatheringState() != RtcIceGatheringState.COMPLETE && System.nanoTime() < deadline) Thread.sleep(5);
        return pc.localDescription().sdp();
    }

    private static InetSocketAddress only(List<InetSocketAddress> addresses) {
        if (addresses.size() != 1) throw new IllegalStateException("expected one host candidate, got " + addresses);
        return addresses.get(0);
    }
}
