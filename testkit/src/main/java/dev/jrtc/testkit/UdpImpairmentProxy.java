package dev.jrtc.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A user-space network emulator for real sockets: UDP relays on 127.0.0.1 between two endpoints that apply
 * {@link Impairments} (seeded loss, delay and jitter with reordering, duplication, a rate limit, garbage). Endpoint
 * A is told that B is at {@link Link#addressForA()} and B that A is at {@link Link#addressForB()}; the link
 * forwards between them and each side sees the other's datagrams arrive from the address it sends to, so ICE,
 * DTLS and the rest work through it unchanged.
 *
 * <p>One thread serves every link of a proxy with one selector, so hundreds of links cost one thread. Bounded:
 * at most {@link #MAX_SCHEDULED} datagrams wait in the proxy (more are dropped and counted), and it only binds
 * and sends to loopback addresses. Thread-safe; close it to stop the thread and free the sockets.
 */
public final class UdpImpairmentProxy implements AutoCloseable {
    /** Datagrams held for later delivery across all links; past it the proxy drops (and counts) instead. */
    public static final int MAX_SCHEDULED = 200_000;
    private static final int MAX_DATAGRAM = 65_535;

    private final Selector selector;
    private final Thread thread;
    private final long seed;
    private final ConcurrentLinkedQueue<Link> toRegister = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Link> toClose = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Scheduled> scheduled = new PriorityQueue<>();
    private final List<Link> links = new ArrayList<>();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private long sequence;
    private int linksMade;
    private volatile boolean closed;

    /** A datagram due to leave {@code out} toward {@code to} at {@code due}. */
    private record Scheduled(long due, long sequence, Direction direction, byte[] data) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    /** Starts the proxy's thread; {@code seed} makes each link's random decisions repeatable. */
    public UdpImpairmentProxy(long seed) {
        this.seed = seed;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = new Thread(this::run, "jrtc-impairment-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Opens a link: two sockets on 127.0.0.1. Nothing is relayed until {@link Link#connect} names the endpoints.
     *
     * @throws UncheckedIOException when the sockets cannot be bound
     */
    public Link link(Impairments impairments) {
        if (closed) throw new IllegalStateException("the proxy is closed");
        Link link;
        synchronized (this) {
            link = new Link(impairments, new Random(seed * 31 + linksMade++));
        }
        toRegister.add(link);
        selector.wakeup();
        return link;
    }

    /** Stops the thread and closes every link's sockets; waits up to 5 s. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One direction of a link: datagrams in on {@code in}, out of {@code out} toward {@code target}. */
    private final class Direction {
        final Link link;
        final DatagramChannel in;
        final DatagramChannel out;
        final Random random;
        final boolean towardB;
        long bottleneckFreeAt;
        long nextGarbage = Long.MAX_VALUE;
        byte[] lastRelayed;

        Direction(Link link, DatagramChannel in, DatagramChannel out, Random random, boolean towardB) {
            this.link = link;
            this.in = in;
            this.out = out;
            this.random = random;
            this.towardB = towardB;
        }

        InetSocketAddress target() {
            return towardB ? link.b : link.a;
        }
    }

    /** A relay between endpoints A and B through two sockets of the proxy. */
    public final class Link implements AutoCloseable {
        private final DatagramChannel facingA;
        private final DatagramChannel facingB;
        private final Direction aToB;
        private final Direction bToA;
        private volatile Impairments impairments;
        private volatile Predicate<byte[]> filter = d -> false;
        private volatile InetSocketAddress a;
        private volatile InetSocketAddress b;
        private volatile boolean linkClosed;
        private final AtomicLong relayed = new AtomicLong();
        private final AtomicLong lost = new AtomicLong();
        private final AtomicLong duplicated = new AtomicLong();
        private final AtomicLong filtered = new AtomicLong();
        private final AtomicLong queueDropped = new AtomicLong();
        private final AtomicLong garbage = new AtomicLong();
        private final AtomicLong unknownSource = new AtomicLong();

        private Link(Impairments impairments, Random random) {
            this.impairments = Objects.requireNonNull(impairments, "impairments");
            try {
                facingA = open();
                try {
                    facingB = open();
                } catch (IOException e) {
                    facingA.close();
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind the link's sockets on 127.0.0.1", e);
            }
            aToB = new Direction(this, facingA, facingB, new Random(random.nextLong()), true);
            bToA = new Direction(this, facingB, facingA, new Random(random.nextLong()), false);
        }

        private static DatagramChannel open() throws IOException {
            DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET);
            // Bursts (a congestion window at once) must reach the impairments, not the kernel's default 208 KiB.
            c.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
            c.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 << 20);
            c.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            c.configureBlocking(false);
            return c;
        }

        /** Where A sends to reach B. */
        public InetSocketAddress addressForA() {
            return local(facingA);
        }

        /** Where B sends to reach A. */
        public InetSocketAddress addressForB() {
            return local(facingB);
        }

        private static InetSocketAddress local(DatagramChannel c) {
            try {
                return (InetSocketAddress) c.getLocalAddress();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * The endpoints' real addresses: datagrams to {@link #addressForA()} go on to {@code b}, datagrams to
         * {@link #addressForB()} to {@code a}. Either may be given later (null: that direction drops for now).
         *
         * @throws IllegalArgumentException for an address that is not loopback
         */
        public void connect(InetSocketAddress a, InetSocketAddress b) {
            for (InetSocketAddress x : new InetSocketAddress[] {a, b}) {
                if (x != null && (x.isUnresolved() || !x.getAddress().isLoopbackAddress())) {
                    throw new IllegalArgumentException("the proxy only relays to loopback, not " + x);
                }
            }
            this.a = a;
            this.b = b;
        }

        public void setImpairments(Impairments impairments) {
            this.impairments = Objects.requireNonNull(impairments, "impairments");
        }

        public Impairments impairments() {
            return impairments;
        }

        /** Datagrams (either way) for which {@code drop} is true vanish, e.g. one protocol blackholed by first byte. */
        public void setFilter(Predicate<byte[]> drop) {
            this.filter = Objects.requireNonNull(drop, "drop");
        }

        /** Datagrams relayed (duplicates included). */
        public long relayed() {
            return relayed.get();
        }

        /** Datagrams dropped by {@link Impairments#lossRate()}. */
        public long lost() {
            return lost.get();
        }

        public long duplicated() {
            return duplicated.get();
        }

        /** Datagrams dropped by the filter. */
        public long filtered() {
            return filtered.get();
        }

        /** Datagrams dropped at the bottleneck (queue full) or because the proxy had {@link #MAX_SCHEDULED} waiting. */
        public long queueDropped() {
            return queueDropped.get();
        }

        /** Garbage datagrams sent to the endpoints. */
        public long garbageSent() {
            return garbage.get();
        }

        /** Datagrams from an address other than the connected endpoint's (dropped). */
        public long unknownSource() {
            return unknownSource.get();
        }

        /** Closes the link's sockets (asynchronously, on the proxy thread). */
        @Override
        public void close() {
            linkClosed = true;
            toClose.add(this);
            selector.wakeup();
        }

        @Override
        public String toString() {
            return "Link(" + addressForA() + " <-> " + addressForB() + ", relayed " + relayed + ", lost " + lost
                    + ", filtered " + filtered + ", queueDropped " + queueDropped + ", garbage " + garbage + ")";
        }
    }

    // ------------------------------------------------------------------------------------------ the proxy thread

    private void run() {
        try {
            while (!closed) {
                registerNew();
                long now = System.nanoTime();
                long next = sendDue(now);
                next = Math.min(next, injectGarbage(now));
                long waitNanos = next - System.nanoTime();
                if (waitNanos <= 0) {
                    selector.selectNow();
                } else {
                    selector.select(Math.max(1, Math.min(100, waitNanos / 1_000_000)));
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.isReadable()) readAll((Direction) key.attachment());
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) throw new IllegalStateException("impairment proxy failed", e);
        } finally {
            for (Link l : links) closeSockets(l);
            for (Link l = toRegister.poll(); l != null; l = toRegister.poll()) closeSockets(l);
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void registerNew() throws IOException {
        for (Link l = toRegister.poll(); l != null; l = toRegister.poll()) {
            l.facingA.register(selector, SelectionKey.OP_READ, l.aToB);
            l.facingB.register(selector, SelectionKey.OP_READ, l.bToA);
            links.add(l);
        }
        for (Link l = toClose.poll(); l != null; l = toClose.poll()) {
            links.remove(l);
            closeSockets(l);
        }
    }

    private static void closeSockets(Link l) {
        try {
            l.facingA.close();
            l.facingB.close();
        } catch (IOException ignored) {
            // nothing more to do with them
        }
    }

    /** Reads every datagram waiting on {@code d}'s socket (at most 1000, then others get a turn). */
    private void readAll(Direction d) throws IOException {
        for (int i = 0; i < 1000; i++) {
            receiveBuffer.clear();
            InetSocketAddress from = (InetSocketAddress) d.in.receive(receiveBuffer);
            if (from == null) return;
            if (d.link.linkClosed) continue;
            InetSocketAddress expectedSource = d.towardB ? d.link.a : d.link.b;
            if (expectedSource == null || !expectedSource.equals(from) || d.target() == null) {
                d.link.unknownSource.incrementAndGet();
                continue;
            }
            receiveBuffer.flip();
            byte[] data = new byte[receiveBuffer.remaining()];
            receiveBuffer.get(data);
            impair(d, data, System.nanoTime());
        }
    }

    private void impair(Direction d, byte[] data, long now) {
        Link link = d.link;
        Impairments im = link.impairments;
        if (link.filter.test(data)) {
            link.filtered.incrementAndGet();
            return;
        }
        if (d.random.nextDouble() < im.lossRate()) {
            link.lost.incrementAndGet();
            return;
        }
        long departure = now;
        if (im.bytesPerSecond() > 0) {
            // The bottleneck sends one datagram after another; one that would wait too long is dropped instead.
            long start = Math.max(now, d.bottleneckFreeAt);
            if (start - now > im.queueNanos()) {
                link.queueDropped.incrementAndGet();
                return;
            }
            departure = start + data.length * 1_000_000_000L / im.bytesPerSecond();
            d.bottleneckFreeAt = departure;
        }
        schedule(d, data, departure + delay(d, im));
        if (d.random.nextDouble() < im.duplicateRate()) {
            link.duplicated.incrementAndGet();
            schedule(d, data, departure + delay(d, im));
        }
    }

    private static long delay(Direction d, Impairments im) {
        if (im.jitterNanos() == 0) return im.delayNanos();
        long j = (long) ((d.random.nextDouble() * 2 - 1) * im.jitterNanos());
        return Math.max(0, im.delayNanos() + j);
    }

    private void schedule(Direction d, byte[] data, long due) {
        if (scheduled.size() >= MAX_SCHEDULED) {
            d.link.queueDropped.incrementAndGet();
            return;
        }
        scheduled.add(new Scheduled(due, sequence++, d, data));
    }

    /** Sends what is due; returns when the next datagram is due (or far ahead when none waits). */
    private long sendDue(long now) throws IOException {
        while (!scheduled.isEmpty() && scheduled.peek().due() <= now) {
            Scheduled s = scheduled.poll();
            Direction d = s.direction();
            InetSocketAddress target = d.target();
            if (d.link.linkClosed || target == null) continue;
            d.out.send(ByteBuffer.wrap(s.data()), target); // a full socket buffer drops it, as a network would
            d.link.relayed.incrementAndGet();
            d.lastRelayed = s.data();
        }
        return scheduled.isEmpty() ? now + 100_000_000L : scheduled.peek().due();
    }

    /** Sends the garbage due on every link; returns when the next is due. */
    private long injectGarbage(long now) throws IOException {
        long next = now + 100_000_000L;
        for (Link l : links) {
            double rate = l.impairments.garbagePerSecond();
            for (Direction d : new Direction[] {l.aToB, l.bToA}) {
                if (rate <= 0 || l.linkClosed || d.target() == null) {
                    d.nextGarbage = Long.MAX_VALUE;
                    continue;
                }
                if (d.nextGarbage == Long.MAX_VALUE) d.nextGarbage = now + interval(d, rate);
                for (int i = 0; i < 100 && d.nextGarbage <= now; i++) {
                    d.out.send(ByteBuffer.wrap(garbage(d, l.impairments.corruptCopyShare())), d.target());
                    l.garbage.incrementAndGet();
                    d.nextGarbage += interval(d, rate);
                }
                if (d.nextGarbage < now) d.nextGarbage = now + interval(d, rate); // fell behind: skip, do not burst
                next = Math.min(next, d.nextGarbage);
            }
        }
        return next;
    }

    /** Exponential gaps: garbage arrives as a Poisson process of {@code rate} per second. */
    private static long interval(Direction d, double rate) {
        return (long) (-Math.log(1 - d.random.nextDouble()) / rate * 1e9);
    }

    /**
     * Random bytes whose first byte puts them in each class of the RFC 7983 demux (STUN, DTLS, TURN channel, RTP)
     * or none, or (a {@code corruptCopyShare} of the time) a copy of the last datagram relayed this way with a few
     * bits flipped.
     */
    private static byte[] garbage(Direction d, double corruptCopyShare) {
        Random r = d.random;
        if (d.lastRelayed != null && r.nextDouble() < corruptCopyShare) {
            byte[] copy = Arrays.copyOf(d.lastRelayed, d.lastRelayed.length);
            for (int i = 0; i < 1 + r.nextInt(4); i++) {
                int at = r.nextInt(copy.length);
                copy[at] ^= (byte) (1 << r.nextInt(8));
            }
            return copy;
        }
        byte[] g = new byte[1 + r.nextInt(300)];
        r.nextBytes(g);
        int[][] firstByteRanges = {{0, 3}, {20, 63}, {64, 79}, {128, 191}, {0, 255}};
        int[] range = firstByteRanges[r.nextInt(firstByteRanges.length)];
        g[0] = (byte) (range[0] + r.nextInt(range[1] - range[0] + 1));
        return g;
    }
}
