package dev.jrtc.examples;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcDataChannel;
import dev.jrtc.peerconnection.RtcIceCandidate;
import dev.jrtc.peerconnection.RtcSessionDescription;
import dev.jrtc.peerconnection.RtcSettings;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Offer-to-channel-open time on loopback, warm JVM: the time from createOffer to the offerer's data channel firing
 * open, over real UDP with ICE, DTLS and SCTP. Prints the median of the measured runs after warm-up runs.
 *
 * <p>Usage: {@code OpenTimeHarness [runs=20] [warmup=20]}.
 */
public final class OpenTimeHarness {
    private OpenTimeHarness() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        DtlsCertificate cert = DtlsCertificate.generateEcdsaP256();
        RtcConfiguration config = RtcConfiguration.defaults().withCertificate(cert);
        try (PeerConnectionFactory factory = new PeerConnectionFactory(
                RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(2))) {
            for (int i = 0; i < warmup; i++) once(factory, config);
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) ms[i] = once(factory, config) / 1e6;
            Arrays.sort(ms);
            System.out.printf("offer-to-channel-open on loopback, %d runs after %d warm-up: median %.1f ms, min %.1f, p90 %.1f, max %.1f%n",
                    runs, warmup, ms[runs / 2], ms[0], ms[(int) Math.min(runs - 1, Math.ceil(runs * 0.9) - 1)], ms[runs - 1]);
        }
    }

    private static long once(PeerConnectionFactory factory, RtcConfiguration config) throws Exception {
        PeerConnection a = factory.createPeerConnection(config);
        PeerConnection b = factory.createPeerConnection(config);
        try {
            trickle(a, b);
            trickle(b, a);
            CompletableFuture<Void> open = new CompletableFuture<>();
            long start = System.nanoTime();
            RtcDataChannel ch = a.createDataChannel("t");
            ch.onOpen(() -> open.complete(null));
            RtcSessionDescription offer = a.setLocalDescription().get(5, TimeUnit.SECONDS);
            b.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
            RtcSessionDescription answer = b.setLocalDescription().get(5, TimeUnit.SECONDS);
            a.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
            open.get(10, TimeUnit.SECONDS);
            return System.nanoTime() - start;
        } finally {
            a.close();
            b.close();
        }
    }

    private static void trickle(PeerConnection from, PeerConnection to) {
        from.onIceCandidate(c -> {
            if (c == null && to.remoteDescription() != null) to.addIceCandidate(RtcIceCandidate.endOfCandidates());
        });
    }
}
