package dev.jrtc.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.ice.udp.SansIoDriver;
import dev.jrtc.ice.udp.UdpTransport;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Two agents over real UDP on 127.0.0.1 through the Netty transport and the event-loop driver. */
class IceLoopbackUdpTest {

    /** One agent, its driver, and the events it produced (touched only on its event loop). */
    private static final class Node {
        final AtomicReference<SansIoDriver> driver = new AtomicReference<>();
        final List<IceEvent> events = new ArrayList<>();
        IceAgent agent;
        InetSocketAddress address;

        <T> T call(Function<IceAgent, T> f) throws Exception {
            CompletableFuture<T> result = new CompletableFuture<>();
            driver.get().run(e -> {
                try {
                    for (IceEvent ev = agent.pollEvent(); ev != null; ev = agent.pollEvent()) events.add(ev);
                    result.complete(f.apply(agent));
                } catch (RuntimeException ex) {
                    result.completeExceptionally(ex);
                }
            });
            return result.get(5, TimeUnit.SECONDS);
        }
    }

    private static Node node(UdpTransport transport, IceRole role, long seed) {
        Node n = new Node();
        n.address = transport.bind(new InetSocketAddress("127.0.0.1", 0),
                (now, local, remote, buf) -> n.driver.get().handleDatagram(now, local, remote, buf));
        n.agent = new IceAgent(IceAgentConfig.of(role, List.of(n.address), new Random(seed)));
        n.driver.set(new SansIoDriver(transport.eventLoop(n.address), n.agent, transport));
        return n;
    }

    @Test
    void twoAgentsConnectOverLoopbackUdpAndExchangeData() throws Exception {
        EventLoopGroup group = UdpTransport.newEventLoopGroup(2);
        UdpTransport transport = new UdpTransport(group);
        try {
            Node a = node(transport, IceRole.CONTROLLING, 1);
            Node b = node(transport, IceRole.CONTROLLED, 2);
            IceCredentials ca = a.agent.localCredentials();
            IceCredentials cb = b.agent.localCredentials();
            List<Candidate> fromA = a.call(ag -> { ag.setRemoteCredentials(cb); ag.gather(System.nanoTime()); return ag.localCandidates(); });
            List<Candidate> fromB = b.call(ag -> { ag.setRemoteCredentials(ca); ag.gather(System.nanoTime()); return ag.localCandidates(); });
            b.call(ag -> { fromA.forEach(c -> ag.addRemoteCandidate(System.nanoTime(), c)); ag.endOfRemoteCandidates(System.nanoTime()); return null; });
            a.call(ag -> { fromB.forEach(c -> ag.addRemoteCandidate(System.nanoTime(), c)); ag.endOfRemoteCandidates(System.nanoTime()); return null; });

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && !(connected(a) && connected(b))) {
                Thread.sleep(10);
            }
            assertTrue(connected(a) && connected(b), a.call(IceAgent::connectionState) + " / " + b.call(IceAgent::connectionState));
            assertEquals(b.address, a.call(ag -> ag.selectedPair().remote().address()));

            byte[] payload = {(byte) 0x80, 111, 0, 1}; // RTP-looking first byte
            a.call(ag -> { transport.send(ag.sendData(payload)); return null; });
            byte[] got = null;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (got == null && System.nanoTime() < deadline) {
                got = b.call(ag -> b.events.stream().filter(e -> e instanceof IceEvent.ApplicationData)
                        .map(e -> ((IceEvent.ApplicationData) e).data()).findFirst().orElse(null));
                Thread.sleep(5);
            }
            assertArrayEquals(payload, got);
            a.call(ag -> { ag.close(); return null; });
            b.call(ag -> { ag.close(); return null; });
            a.driver.get().close();
            b.driver.get().close();
        } finally {
            transport.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static boolean connected(Node n) throws Exception {
        IceConnectionState s = n.call(IceAgent::connectionState);
        return s == IceConnectionState.CONNECTED || s == IceConnectionState.COMPLETED;
    }
}
