package dev.jrtc.ice.udp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside a fresh network namespace (see {@link MulticastMdnsNamespaceTest}): two {@link MulticastMdns} on the
 * namespace's loopback, as two hosts of one link; one registers a name, the other resolves it, an unknown name and,
 * after the owner unregistered it, the name again. Prints what it found; nothing here can reach a real network.
 */
public final class MdnsNamespaceProbe {
    static final String NAME = "5d8c1a2b-0000-4000-8000-00000000beef.local";
    static final String ADDRESS = "192.0.2.55";

    private MdnsNamespaceProbe() {}

    public static void main(String[] args) throws Exception {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        EventLoopGroup group = UdpTransport.newEventLoopGroup(2);
        try {
            MulticastMdns owner = MulticastMdns.open(group.next(), Epoll.isAvailable(), lo);
            MulticastMdns asker = MulticastMdns.open(group.next(), Epoll.isAvailable(), lo);
            owner.register(NAME, InetAddress.getByName(ADDRESS)).get(5, TimeUnit.SECONDS);
            System.out.println("RESOLVED " + asker.resolve(NAME.toUpperCase(), Duration.ofSeconds(3)).get()
                    .map(InetAddress::getHostAddress).orElse("nothing"));
            System.out.println("UNKNOWN " + asker.resolve("nobody-here.local", Duration.ofMillis(300)).get()
                    .map(InetAddress::getHostAddress).orElse("nothing"));
            owner.unregister(NAME);
            Thread.sleep(200);
            System.out.println("AFTER-GOODBYE " + asker.resolve(NAME, Duration.ofMillis(1500)).get()
                    .map(InetAddress::getHostAddress).orElse("nothing"));
            System.out.println("TRAFFIC sent " + (owner.messagesSent() + asker.messagesSent()));
            owner.close();
            asker.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
