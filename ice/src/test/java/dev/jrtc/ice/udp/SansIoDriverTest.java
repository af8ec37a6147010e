package dev.jrtc.ice.udp;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.SansIoEndpoint;
import dev.jrtc.ice.Transmit;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The event-loop driver: timers fire at pollTimeout, transmits are drained, everything runs on the loop. */
class SansIoDriverTest {

    /** Wants five timeouts 10 ms apart, sending one datagram at each; records the threads it ran on. */
    static final class Ticker implements SansIoEndpoint {
        final List<Long> fired = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        final ArrayDeque<Transmit> out = new ArrayDeque<>();
        final CountDownLatch done = new CountDownLatch(1);
        long next;

        @Override
        public void handleDatagram(long nowNanos, InetSocketAddress from, InetSocketAddress to, byte[] data) {
            threads.add(Thread.currentThread());
        }

        @Override
        public void handleTimeout(long nowNanos) {
            threads.add(Thread.currentThread());
            if (nowNanos < next) {
                return;
            }
            fired.add(nowNanos);
            out.add(new Transmit(new InetSocketAddress("127.0.0.1", 1), new InetSocketAddress("127.0.0.1", 2),
                    new byte[] {(byte) fired.size()}));
            next = fired.size() < 5 ? nowNanos + TimeUnit.MILLISECONDS.toNanos(10) : Long.MAX_VALUE;
            if (next == Long.MAX_VALUE) {
                done.countDown();
            }
        }

        @Override
        public Transmit pollTransmit() {
            return out.poll();
        }

        @Override
        public long pollTimeout() {
            return next;
        }
    }

    @Test
    void firesTimersAtTheirDeadlinesAndDrainsTransmitsOnTheLoop() throws Exception {
        io.netty.channel.EventLoopGroup group = UdpTransport.newEventLoopGroup(1);
        try {
            Ticker ticker = new Ticker();
            List<Transmit> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch fiveSent = new CountDownLatch(5);
            SansIoDriver driver = new SansIoDriver(group.next(), ticker, t -> {
                sent.add(t);
                fiveSent.countDown();
            }, System::nanoTime);
            driver.run(e -> ticker.next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10));
            assertTrue(ticker.done.await(5, TimeUnit.SECONDS));
            assertTrue(fiveSent.await(5, TimeUnit.SECONDS), "the driver drains each timeout's transmit");
            assertEquals(5, sent.size());
            for (int i = 1; i < ticker.fired.size(); i++) {
                assertTrue(ticker.fired.get(i) - ticker.fired.get(i - 1) >= TimeUnit.MILLISECONDS.toNanos(10),
                        "timer fired early");
            }
            CountDownLatch ran = new CountDownLatch(1);
            driver.run(e -> ran.countDown());
            assertTrue(ran.await(5, TimeUnit.SECONDS));
            assertTrue(ticker.threads.stream().allMatch(t -> driver.eventLoop().inEventLoop(t)));
            driver.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
