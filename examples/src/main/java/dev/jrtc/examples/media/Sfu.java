package dev.jrtc.examples.media;

import dev.jrtc.peerconnection.MediaStreamTrack;
import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.peerconnection.RtpReceiver;
import dev.jrtc.peerconnection.RtpTransceiver;
import dev.jrtc.peerconnection.sdp.CodecCapability;
import dev.jrtc.rtp.RtpHeader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small selective forwarding unit: one publisher sends its camera (in up to three simulcast layers, RFC 8853, told
 * apart by rid, RFC 8851/8852) and microphone; every subscriber gets the microphone and one video layer of its
 * choice, forwarded without decoding by a {@link StreamForwarder} per subscriber, which changes layers at a key frame.
 * A subscriber's key frame request (RTCP PLI) goes to the publisher for the layer that subscriber gets, at most twice
 * a second per layer however many subscribers ask.
 *
 * <p>Pages: {@code /publish} (the camera in layers q, h, f: a quarter, half and full size of 1280x720) and
 * {@code /} (a subscriber, with buttons to change layer). Mesh versus server: in a mesh every browser encodes and
 * uploads once per other participant; here the publisher uploads once (three layers) and the server, which does no
 * media work but copying, sends each subscriber what it picked.
 *
 * <p>{@code Sfu <port> <seconds>}.
 */
public final class Sfu implements AutoCloseable {
    /** A subscriber: its connection and the forwarders feeding its two tracks. */
    public record Subscriber(String id, PeerConnection pc, StreamForwarder video, StreamForwarder audio) {}

    private final PeerConnectionFactory factory;
    private final PageServer pages;
    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
    private final Map<String, Long> lastKeyFrameRequest = new ConcurrentHashMap<>();
    private volatile PeerConnection publisher;
    private volatile RtpReceiver publisherVideo;

    public Sfu(int port) throws Exception {
        // VP8 only: the forwarders rewrite VP8 picture IDs and find VP8 key frames.
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(true).withEventLoopThreads(1),
                List.of(CodecCapability.opus(), CodecCapability.vp8()));
        pages = new PageServer(port)
                .page("/", "sfu-watch.html")
                .page("/publish", "sfu-publish.html")
                .post("/publish", (offer, query) -> publish(offer))
                .post("/subscribe", (offer, query) -> subscribe(offer, query.get("id"), query.getOrDefault("rid", "q")))
                .post("/layer", (body, query) -> select(query.get("id"), query.get("rid")));
    }

    /** The publisher's offer: its tracks are received (every simulcast layer the offer has) and forwarded. */
    private String publish(String offer) throws Exception {
        if (publisher != null) throw new IllegalStateException("there is a publisher already");
        PeerConnection pc = Answerer.newConnection(factory);
        publisher = pc;
        String answer = Answerer.answer(pc, offer, p -> {
            for (RtpTransceiver t : p.getTransceivers()) {
                RtpReceiver receiver = t.receiver();
                if (t.kind().equals("video")) {
                    publisherVideo = receiver;
                    receiver.track().onRtp(packet -> {
                        // The layer a packet belongs to, by its SSRC; null when the publisher does not send simulcast:
                        // its one stream is then whatever layer a subscriber asked for.
                        String rid = receiver.rid(RtpHeader.ssrc(packet, 0));
                        for (Subscriber s : subscribers.values()) s.video().forward(rid != null ? rid : s.video().selected(), packet);
                    });
                } else {
                    receiver.track().onRtp(packet -> {
                        for (Subscriber s : subscribers.values()) s.audio().forward("", packet);
                    });
                }
            }
        });
        System.out.println("publisher answered; video layers " + (publisherVideo == null ? "none" : publisherVideo.rids()));
        return answer;
    }

    /** A subscriber's offer (receive-only): a connection that sends the publisher's audio and layer {@code rid}. */
    private String subscribe(String offer, String id, String rid) throws Exception {
        if (id == null || id.isEmpty() || id.length() > 64) throw new IllegalArgumentException("subscribe needs ?id=<1..64 characters>");
        PeerConnection pc = Answerer.newConnection(factory);
        MediaStreamTrack video = MediaStreamTrack.video("video-" + id);
        MediaStreamTrack audio = MediaStreamTrack.audio("audio-" + id);
        StreamForwarder videoForwarder = new StreamForwarder(video::writeRtp, true, rid, this::requestKeyFrame);
        StreamForwarder audioForwarder = new StreamForwarder(audio::writeRtp, false, "", source -> {});
        String answer = Answerer.answer(pc, offer, p -> {
            p.addTrack(audio, "sfu");
            // The subscriber's decoder lost its reference: the layer it gets must send a key frame.
            p.addTrack(video, "sfu").onKeyFrameRequest(() -> requestKeyFrame(videoForwarder.selected()));
        });
        Subscriber old = subscribers.put(id, new Subscriber(id, pc, videoForwarder, audioForwarder));
        if (old != null) old.pc().close();
        return answer;
    }

    /** Switches subscriber {@code id} to layer {@code rid} at that layer's next key frame, which it asks for. */
    private String select(String id, String rid) {
        Subscriber s = id == null ? null : subscribers.get(id);
        if (s == null) throw new IllegalArgumentException("no subscriber '" + id + "'");
        RtpReceiver video = publisherVideo;
        if (rid == null || (video != null && !video.rids().isEmpty() && !video.rids().contains(rid))) {
            throw new IllegalArgumentException("no layer '" + rid + "'");
        }
        s.video().select(rid);
        requestKeyFrame(rid);
        return "ok";
    }

    /** Asks the publisher for a key frame of layer {@code rid}, at most every 500 ms per layer. */
    private void requestKeyFrame(String rid) {
        RtpReceiver video = publisherVideo;
        if (video == null) return;
        long now = System.nanoTime();
        Long last = lastKeyFrameRequest.get(rid);
        if (last != null && now - last < 500_000_000L) return;
        lastKeyFrameRequest.put(rid, now);
        if (video.rids().contains(rid)) {
            video.requestKeyFrame(rid);
        } else {
            video.requestKeyFrame();
        }
    }

    public String start() {
        return pages.start();
    }

    public Map<String, Subscriber> subscribers() {
        return subscribers;
    }

    /** The publisher's video receiver, or null before a publisher connected. */
    public RtpReceiver publisherVideo() {
        return publisherVideo;
    }

    @Override
    public void close() {
        pages.close();
        for (Subscriber s : subscribers.values()) s.pc().close();
        PeerConnection p = publisher;
        if (p != null) p.close();
        factory.close();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Sfu <port> <seconds>");
            System.exit(2);
        }
        try (Sfu sfu = new Sfu(Integer.parseInt(args[0]))) {
            long seconds = Long.parseLong(args[1]);
            String url = sfu.start();
            System.out.println("publish at " + url + "publish, watch at " + url + " (stopping in " + seconds + " s)");
            Thread.sleep(seconds * 1000);
            for (Subscriber s : sfu.subscribers().values()) {
                System.out.println("subscriber " + s.id() + ": layer " + s.video().current() + ", "
                        + s.video().packetsForwarded() + " video packets, " + s.video().switches() + " layer changes");
            }
        }
    }
}
