package dev.jrtc.examples;

import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.signaling.EchoBot;
import dev.jrtc.signaling.SignalingServer;
import dev.jrtc.signaling.SignalingSettings;
import dev.jrtc.signaling.WhipEndpoint;
import dev.jrtc.signaling.WhipHandler;
import dev.jrtc.signaling.WhipSession;
import dev.jrtc.signaling.WhipSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the signaling server with its demo page, a Java echo bot and a WHIP endpoint at {@code /whip} that counts the
 * RTP packets each publisher sends, on 127.0.0.1 (loopback only, so only clients on this machine can reach it) for a
 * bounded time. Arguments: {@code [port, default 8080] [seconds, default 600] [WHIP bearer token, default none]}.
 */
public final class SignalingMain {
    private SignalingMain() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 600;
        String token = args.length > 2 ? args[2] : null;
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
        if (seconds <= 0) throw new IllegalArgumentException("seconds to run must be positive, was " + seconds);
        RtcSettings settings = RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1);
        Map<String, AtomicLong> packets = new ConcurrentHashMap<>();
        WhipHandler counter = new WhipHandler() {
            @Override
            public void sessionStarted(WhipSession session) {
                AtomicLong n = new AtomicLong();
                packets.put(session.id(), n);
                session.peerConnection().onTrack(e -> e.track().onRtp(p -> n.incrementAndGet()));
                System.out.println("WHIP session " + session.id() + " started");
            }

            @Override
            public void sessionEnded(WhipSession session, String reason) {
                AtomicLong n = packets.remove(session.id());
                System.out.println("WHIP session " + session.id() + " ended (" + reason + ") after " + (n == null ? 0 : n.get())
                        + " RTP packets");
            }
        };
        WhipSettings whipSettings = token == null ? WhipSettings.defaults() : WhipSettings.defaults().withBearerToken(token);
        try (PeerConnectionFactory factory = new PeerConnectionFactory(settings);
             EchoBot bot = new EchoBot(factory, RtcConfiguration.defaults(), Duration.ofMinutes(5), Duration.ofSeconds(5), 16);
             WhipEndpoint whip = new WhipEndpoint(factory, RtcConfiguration.defaults(), whipSettings, counter);
             SignalingServer server = new SignalingServer(SignalingSettings.defaults(), bot, whip, null)) {
            InetSocketAddress bound = server.start(new InetSocketAddress("127.0.0.1", port));
            String url = "http://127.0.0.1:" + bound.getPort() + "/";
            System.out.println("jrtc signaling demo: open " + url + "#room1 in two tabs to chat, or press"
                    + " \"talk to the Java bot\"; WHIP publishers: " + url + "whip" + (token == null ? "" : " (bearer token set)")
                    + "; stopping in " + seconds + " s");
            Thread.sleep(seconds * 1000);
            System.out.println("stopping: " + server.stats());
        }
    }
}
