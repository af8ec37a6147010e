package dev.jrtc.ice.udp;

import dev.jrtc.ice.mdns.MdnsMessages;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.time.Duration;

/**
 * Runs inside a fresh network namespace (see {@link MulticastMdnsResolverNamespaceTest}): answers mDNS queries for
 * one name on the namespace's loopback and resolves that name, and an unknown one, with the real resolver.
 * Prints what it found; nothing here can reach a real network.
 */
public final class MdnsNamespaceProbe {
    static final String NAME = "5d8c1a2b-0000-4000-8000-00000000beef.local";
    static final String ADDRESS = "192.0.2.55";

    private MdnsNamespaceProbe() {}

    public static void main(String[] args) throws Exception {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        InetSocketAddress group = new InetSocketAddress("224.0.0.251", 5353);
        MulticastSocket responder = new MulticastSocket(5353);
        responder.setNetworkInterface(lo);
        responder.joinGroup(group, lo);
        Thread answering = new Thread(() -> {
            byte[] buf = new byte[1500];
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    responder.receive(p);
                    boolean query = (buf[2] & 0x80) == 0;
                    if (query && new String(buf, 0, p.getLength(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("5d8c1a2b")) {
                        byte[] a = MdnsMessages.answer(NAME, InetAddress.getByName(ADDRESS), 120);
                        responder.send(new DatagramPacket(a, a.length, group));
                    }
                }
            } catch (java.io.IOException e) {
                // closed
            }
        });
        answering.setDaemon(true);
        answering.start();
        try (MulticastMdnsResolver resolver = new MulticastMdnsResolver(lo)) {
            System.out.println("RESOLVED " + resolver.resolve(NAME, Duration.ofSeconds(3)).get()
                    .map(InetAddress::getHostAddress).orElse("nothing"));
            System.out.println("UNKNOWN " + resolver.resolve("nobody-here.local", Duration.ofMillis(300)).get()
                    .map(InetAddress::getHostAddress).orElse("nothing"));
        }
        responder.close();
    }
}
