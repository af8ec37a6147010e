package dev.jrtc.examples.media;

import dev.jrtc.peerconnection.MediaStreamTrack;
import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.peerconnection.sdp.CodecCapability;
import dev.jrtc.rtp.RtpHeaderWriter;
import dev.jrtc.rtp.media.RtpPacketizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Plays media files to browsers: each file is read once and sent as RTP at its own pace (the frames' timestamps),
 * looping, on one track that every connected browser gets (one sender per browser, all fed by the same packets). The
 * page at {@code /} offers to receive audio and video and shows what it decodes.
 *
 * <p>{@code PlayFile <port> <seconds> [--fps N] <file>...}: at most one video file (.ivf with VP8, VP9 or AV1, or an
 * H.264 Annex B .h264, timed at N frames per second, default 30) and one Ogg Opus file. The answer offers only the
 * files' codecs, so the browser must be able to decode them.
 */
public final class PlayFile implements AutoCloseable {
    private final List<MediaFile> files;
    private final List<MediaStreamTrack> tracks = new ArrayList<>();
    private final PeerConnectionFactory factory;
    private final PageServer pages;
    private final List<PeerConnection> viewers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Thread> players = new ArrayList<>();
    private volatile boolean stopped;

    public PlayFile(int port, List<MediaFile> files) throws Exception {
        this.files = List.copyOf(files);
        List<CodecCapability> codecs = new ArrayList<>();
        for (MediaFile f : files) {
            codecs.add(f.codec());
            tracks.add(f.kind().equals("audio") ? MediaStreamTrack.audio(f.name()) : MediaStreamTrack.video(f.name()));
        }
        // Loopback only: candidates are gathered on 127.0.0.1 and ::1, so media never leaves this machine.
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(true).withEventLoopThreads(1), codecs);
        pages = new PageServer(port).page("/", "play.html").post("/offer", (offer, query) -> answer(offer));
    }

    /** A browser's offer: a new connection that sends every file's track. */
    private String answer(String offer) throws Exception {
        PeerConnection pc = Answerer.newConnection(factory);
        viewers.add(pc);
        return Answerer.answer(pc, offer, p -> {
            for (MediaStreamTrack t : tracks) {
                // A file cannot make a key frame on demand; the next loop of the file starts with one.
                p.addTrack(t, "file").onKeyFrameRequest(() -> System.out.println("key frame requested for " + t.id()));
            }
        });
    }

    /** Starts the page server and one thread per file; returns the page address. */
    public String start() {
        for (int i = 0; i < files.size(); i++) {
            MediaFile f = files.get(i);
            MediaStreamTrack t = tracks.get(i);
            Thread player = new Thread(() -> play(f, t), "play-" + f.name());
            player.setDaemon(true);
            players.add(player);
            player.start();
        }
        return pages.start();
    }

    /** Sends the file's frames at their timestamps, over and over, with timestamps that keep counting up. */
    private void play(MediaFile file, MediaStreamTrack track) {
        // Payload type and SSRC are placeholders: each connection's sender writes its negotiated ones.
        RtpHeaderWriter header = new RtpHeaderWriter().payloadType(file.codec().payloadType());
        RtpPacketizer packetizer = new RtpPacketizer(file.newPacketizer(), header, ThreadLocalRandom.current().nextInt(1 << 16));
        long firstTimestamp = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL; // RFC 3550 §5.1: random start
        long start = System.nanoTime();
        for (long loop = 0; !stopped; loop++) {
            for (MediaFile.Frame frame : file.frames()) {
                long at = loop * file.duration() + frame.rtpTimestamp(); // RTP clock units since the start
                long due = start + at * 1_000_000_000L / file.clockRate();
                if (!sleepUntil(due)) return;
                packetizer.packetize(frame.data(), 0, frame.data().length, firstTimestamp + at,
                        (packet, length) -> track.writeRtp(packet, 0, length));
            }
        }
    }

    private boolean sleepUntil(long due) {
        long wait = due - System.nanoTime();
        try {
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !stopped;
    }

    /** Connections made so far. */
    public List<PeerConnection> viewers() {
        return viewers;
    }

    @Override
    public void close() {
        stopped = true;
        for (Thread t : players) t.interrupt();
        pages.close();
        for (PeerConnection pc : viewers) pc.close();
        factory.close();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: PlayFile <port> <seconds> [--fps N] <file.ivf|file.h264|file.ogg>...");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        int fps = 30;
        List<MediaFile> files = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--fps")) {
                fps = Integer.parseInt(args[++i]);
            } else {
                files.add(MediaFile.read(Path.of(args[i]), fps));
            }
        }
        if (files.stream().filter(f -> f.kind().equals("video")).count() > 1
                || files.stream().filter(f -> f.kind().equals("audio")).count() > 1) {
            throw new IllegalArgumentException("at most one video file and one audio file");
        }
        try (PlayFile player = new PlayFile(port, files)) {
            String url = player.start();
            for (MediaFile f : files) {
                System.out.println(f.name() + ": " + f.codec().name() + ", " + f.frames().size() + " frames, looping");
            }
            System.out.println("open " + url + " (stopping in " + seconds + " s)");
            Thread.sleep(seconds * 1000);
        }
    }
}
