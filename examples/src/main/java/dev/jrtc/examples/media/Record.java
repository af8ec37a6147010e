package dev.jrtc.examples.media;

import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.peerconnection.sdp.CodecCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Saves what browsers send: the page at {@code /} sends its camera and microphone; every connection's video goes to
 * {@code recording-N.ivf} (VP8) or {@code recording-N.h264} (H.264 Annex B), its audio to {@code recording-N.ogg}
 * (Opus), through a jitter buffer and the codec's depacketizer ({@link TrackRecorder}).
 *
 * <p>{@code Record <port> <seconds> <directory> [vp8|h264]}: the answer accepts only that video codec (default VP8)
 * and Opus. The files are complete when the program stops.
 */
public final class Record implements AutoCloseable {
    private final Path directory;
    private final String videoCodec;
    private final PeerConnectionFactory factory;
    private final PageServer pages;
    private final AtomicInteger sessions = new AtomicInteger();
    private final List<PeerConnection> connections = new CopyOnWriteArrayList<>();
    private final List<TrackRecorder> recorders = new CopyOnWriteArrayList<>();

    /** @param videoCodec "VP8" or "H264" */
    public Record(int port, Path directory, String videoCodec) throws IOException {
        this.directory = Files.createDirectories(directory);
        CodecCapability video = switch (videoCodec.toUpperCase(Locale.ROOT)) {
            case "VP8" -> CodecCapability.vp8();
            case "H264" -> CodecCapability.h264ConstrainedBaseline();
            default -> throw new IllegalArgumentException("the recorder writes VP8 or H264, not " + videoCodec);
        };
        this.videoCodec = video.name();
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(true).withEventLoopThreads(1),
                List.of(CodecCapability.opus(), video));
        pages = new PageServer(port).page("/", "record.html").post("/offer", (offer, query) -> answer(offer));
    }

    private String answer(String offer) throws Exception {
        int n = sessions.incrementAndGet();
        PeerConnection pc = Answerer.newConnection(factory);
        connections.add(pc);
        pc.onTrack(e -> {
            String kind = e.track().kind();
            String codec = kind.equals("audio") ? "opus" : videoCodec;
            String extension = switch (codec) {
                case "opus" -> ".ogg";
                case "H264" -> ".h264";
                default -> ".ivf";
            };
            try {
                TrackRecorder r = new TrackRecorder(codec, directory.resolve("recording-" + n + extension), e.receiver());
                recorders.add(r);
                e.track().onRtp(r::onRtp);
                System.out.println("recording " + kind + " (" + codec + ") to " + r.file());
            } catch (IOException ex) {
                System.err.println("cannot record " + kind + ": " + ex);
            }
        });
        return Answerer.answer(pc, offer, p -> {});
    }

    public String start() {
        return pages.start();
    }

    /** The recorders of every track so far, for a report. */
    public List<TrackRecorder> recorders() {
        return recorders;
    }

    /** Stops receiving and closes every file. */
    @Override
    public void close() throws IOException {
        pages.close();
        for (PeerConnection pc : connections) pc.close();
        for (TrackRecorder r : recorders) r.close();
        factory.close();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Record <port> <seconds> <directory> [vp8|h264]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        try (Record recorder = new Record(port, Path.of(args[2]), args.length > 3 ? args[3] : "VP8")) {
            System.out.println("open " + recorder.start() + " to record camera and microphone (stopping in " + seconds + " s)");
            Thread.sleep(seconds * 1000);
            for (TrackRecorder r : recorder.recorders()) {
                System.out.println(r.file() + ": " + r.framesWritten() + " " + r.codec() + " frames, "
                        + r.framesDropped() + " dropped incomplete");
            }
        }
    }
}
