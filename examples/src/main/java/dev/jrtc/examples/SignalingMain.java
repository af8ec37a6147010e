package dev.jrtc.examples;

import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.signaling.EchoBot;
import dev.jrtc.signaling.SignalingServer;
import dev.jrtc.signaling.SignalingSettings;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Runs the signaling server with its demo page and a Java echo bot on 127.0.0.1 (loopback only, so only browsers on
 * this machine can reach it) for a bounded time. Arguments: {@code [port, default 8080] [seconds, default 600]}.
 */
public final class SignalingMain {
    private SignalingMain() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 600;
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
        if (seconds <= 0) throw new IllegalArgumentException("seconds to run must be positive, was " + seconds);
        RtcSettings settings = RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1);
        try (PeerConnectionFactory factory = new PeerConnectionFactory(settings);
             EchoBot bot = new EchoBot(factory, RtcConfiguration.defaults(), Duration.ofMinutes(5), Duration.ofSeconds(5), 16);
             SignalingServer server = new SignalingServer(SignalingSettings.defaults(), bot)) {
            InetSocketAddress bound = server.start(new InetSocketAddress("127.0.0.1", port));
            String url = "http://127.0.0.1:" + bound.getPort() + "/";
            System.out.println("jrtc signaling demo: open " + url + "#room1 in two tabs to chat, or press"
                    + " \"talk to the Java bot\"; stopping in " + seconds + " s");
            Thread.sleep(seconds * 1000);
            System.out.println("stopping: " + server.stats());
        }
    }
}
