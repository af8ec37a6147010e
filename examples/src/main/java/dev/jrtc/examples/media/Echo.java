package dev.jrtc.examples.media;

import dev.jrtc.peerconnection.MediaStreamTrack;
import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.peerconnection.RtpReceiver;
import dev.jrtc.peerconnection.RtpTransceiver;
import dev.jrtc.peerconnection.sdp.CodecCapability;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sends a browser's camera and microphone back to it, on the same connection: each received track is forwarded to
 * a local track of the same transceiver (answered sendrecv) by a {@link StreamForwarder}, and the browser's requests
 * for a key frame (RTCP PLI, RFC 4585 §6.3.1) on what it gets back are passed on to its own sender, the only one
 * that can make one.
 *
 * <p>{@code Echo <port> <seconds>}: open the page, allow the camera, and see it twice.
 */
public final class Echo implements AutoCloseable {
    private final PeerConnectionFactory factory;
    private final PageServer pages;
    private final List<PeerConnection> connections = new CopyOnWriteArrayList<>();
    private final List<StreamForwarder> forwarders = new CopyOnWriteArrayList<>();

    public Echo(int port) throws Exception {
        // VP8 and Opus: the forwarder knows VP8's key frames and picture IDs.
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(true).withEventLoopThreads(1),
                List.of(CodecCapability.opus(), CodecCapability.vp8()));
        pages = new PageServer(port).page("/", "echo.html").post("/offer", (offer, query) -> answer(offer));
    }

    private String answer(String offer) throws Exception {
        PeerConnection pc = Answerer.newConnection(factory);
        connections.add(pc);
        return Answerer.answer(pc, offer, p -> {
            // The offer made a receiving transceiver per browser track; each also sends its echo back.
            for (RtpTransceiver t : p.getTransceivers()) {
                MediaStreamTrack echo = t.kind().equals("video") ? MediaStreamTrack.video("echo-video")
                        : MediaStreamTrack.audio("echo-audio");
                RtpReceiver receiver = t.receiver();
                StreamForwarder forwarder = new StreamForwarder(echo::writeRtp, t.kind().equals("video"), "",
                        source -> receiver.requestKeyFrame());
                forwarders.add(forwarder);
                receiver.track().onRtp(packet -> forwarder.forward("", packet));
                p.addTrack(echo, "echo").onKeyFrameRequest(receiver::requestKeyFrame);
            }
        });
    }

    public String start() {
        return pages.start();
    }

    /** The connections made so far. */
    public List<PeerConnection> connections() {
        return connections;
    }

    /** One forwarder per echoed track. */
    public List<StreamForwarder> forwarders() {
        return forwarders;
    }

    @Override
    public void close() {
        pages.close();
        for (PeerConnection pc : connections) pc.close();
        factory.close();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Echo <port> <seconds>");
            System.exit(2);
        }
        try (Echo echo = new Echo(Integer.parseInt(args[0]))) {
            long seconds = Long.parseLong(args[1]);
            System.out.println("open " + echo.start() + " to see the camera come back (stopping in " + seconds + " s)");
            Thread.sleep(seconds * 1000);
            for (StreamForwarder f : echo.forwarders()) System.out.println("forwarded " + f.packetsForwarded() + " packets");
        }
    }
}
