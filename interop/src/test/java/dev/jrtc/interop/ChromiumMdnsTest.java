package dev.jrtc.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.peerconnection.MdnsSettings;
import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcDataChannel;
import dev.jrtc.peerconnection.RtcSessionDescription;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.peerconnection.RtcStats;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jrtc and Chromium with mDNS candidates both ways. A page without camera or microphone permission makes Chromium
 * hide its host addresses behind {@code <uuid>.local} names (its WebRtcHideLocalIpsWithMdns default, not turned off
 * here), which jrtc resolves through multicast DNS; jrtc hides its own addresses too, and Chromium's resolver finds
 * them through jrtc's responder. Chromium does mDNS only on non-loopback interfaces and, without media permission,
 * gathers only on the default route's, so this test adds a veth pair (10.77.0.1/24 and 10.77.0.2/24) and a default
 * route into it to the test JVM's own network namespace (netns/bin/java), and removes them after.
 */
class ChromiumMdnsTest {
    private static final Pattern CANDIDATE = Pattern.compile("a=candidate:\\S+ \\d+ (\\S+) \\d+ (\\S+) \\d+ typ (\\S+)");
    private static PeerConnectionFactory factory;
    /** Hides its addresses but resolves no names: Chromium can only reach it by resolving jrtc's names. */
    private static PeerConnectionFactory hidingOnly;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        if (!Chromium.available()) {
            throw new IllegalStateException("Chromium and ChromeDriver are required (scripts/test.sh installs them)");
        }
        List<String> interfaces = NetworkInterface.networkInterfaces().map(NetworkInterface::getName).toList();
        if (!interfaces.equals(List.of("lo"))) {
            throw new IllegalStateException("needs the loopback-only namespace of interop/netns/bin/java, found " + interfaces);
        }
        ip("link add jrtc-v0 type veth peer name jrtc-v1");
        ip("addr add 10.77.0.1/24 dev jrtc-v0");
        ip("addr add 10.77.0.2/24 dev jrtc-v1");
        ip("link set jrtc-v0 up");
        ip("link set jrtc-v1 up");
        // Without media permission Chromium gathers only on the interface of the default route. This one leads to
        // the other end of the veth pair, inside the namespace: nothing can leave it.
        ip("route add default via 10.77.0.254 dev jrtc-v0");
        // The namespace's loopback carries no candidates here: only the veth addresses, as a LAN would have.
        RtcSettings veth = RtcSettings.defaults().withEventLoopThreads(1).withInterfaceFilter(nif -> nif.getName().startsWith("jrtc-v"));
        factory = new PeerConnectionFactory(veth.withMdns(MdnsSettings.defaults().withHideLocalAddresses(true)));
        hidingOnly = new PeerConnectionFactory(veth.withMdns(MdnsSettings.disabled().withHideLocalAddresses(true)));
        // No fake media UI and no loopback candidates: with them Chromium counts the page as trusted with media and
        // signals plain addresses; without, it hides them as it does for any page without camera permission.
        chromium = new Chromium(Chromium.FLAGS.stream().filter(f -> !f.contains("fake") && !f.contains("loopback")).toList());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (chromium != null) chromium.close();
            if (factory != null) factory.close();
            if (hidingOnly != null) hidingOnly.close();
        } finally {
            ip("link del jrtc-v0"); // takes its peer with it
        }
    }

    private static void ip(String args) throws Exception {
        Process p = new ProcessBuilder(("ip " + args).split(" ")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("ip " + args + ": " + out);
    }

    private static final String GATHERED = """
            await new Promise(r => {
              if (pc.iceGatheringState === 'complete') return r();
              pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r());
            });
            """;

    /** The host candidates' addresses of a description (UDP only). */
    private static List<String> hostAddresses(String sdp) {
        Matcher m = CANDIDATE.matcher(sdp);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) if (m.group(3).equals("host") && m.group(1).equalsIgnoreCase("udp")) out.add(m.group(2));
        return out;
    }

    private static long counter(PeerConnection pc, String name) {
        RtcStats t = pc.getStats().join().get("T01");
        return ((Number) t.get(name)).longValue();
    }

    @Test
    void jrtcResolvesChromiumsLocalNames() throws Exception {
        Object offer = chromium.async("""
                window.pc = new RTCPeerConnection();
                window.msgs = [];
                window.dc = pc.createDataChannel('chat');
                dc.onmessage = e => msgs.push(e.data);
                dc.onopen = () => dc.send('hello from chromium');
                await pc.setLocalDescription();
                """ + GATHERED + "return pc.localDescription.sdp;");
        assertFalse(offer.toString().startsWith("ERROR"), offer.toString());
        List<String> hosts = hostAddresses(offer.toString());
        assertFalse(hosts.isEmpty(), "Chromium offers host candidates:\n" + offer);
        for (String h : hosts) assertTrue(h.endsWith(".local"), "Chromium hides its addresses behind mDNS names:\n" + offer);

        PeerConnection pc = factory.createPeerConnection(RtcConfiguration.defaults());
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        CompletableFuture<RtcDataChannel> channel = new CompletableFuture<>();
        pc.onDataChannel(ch -> {
            ch.onMessage(m -> messages.add(m.text()));
            channel.complete(ch);
        });
        pc.setRemoteDescription(RtcSessionDescription.offer(offer.toString())).get(5, TimeUnit.SECONDS);
        RtcSessionDescription answer = pc.setLocalDescription().get(5, TimeUnit.SECONDS);
        Object applied = chromium.async("await pc.setRemoteDescription({type: 'answer', sdp: args[0]}); return 'ok';", answer.sdp());
        assertEquals("ok", applied);

        assertEquals("hello from chromium", messages.poll(20, TimeUnit.SECONDS));
        channel.get(5, TimeUnit.SECONDS).send("hello from jrtc");
        assertTrue(waitFor(() -> chromium.eval("window.msgs").toString().contains("hello from jrtc")),
                "Chromium got: " + chromium.eval("window.msgs"));
        assertTrue(waitFor(() -> counter(pc, "jrtcMdnsResolved") >= 1), "jrtc resolved Chromium's names: "
                + pc.getStats().join().get("T01") + "\n" + offer);
        assertTrue(pc.selectedCandidatePair().contains("10.77.0."), pc.selectedCandidatePair());
        chromium.async("pc.close(); return 'closed';");
        pc.close();
    }

    @Test
    void chromiumResolvesJrtcsLocalNames() throws Exception {
        PeerConnection pc = hidingOnly.createPeerConnection(RtcConfiguration.defaults());
        RtcDataChannel dc = pc.createDataChannel("from-jrtc");
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        CompletableFuture<Void> open = new CompletableFuture<>();
        dc.onOpen(() -> open.complete(null));
        dc.onMessage(m -> messages.add(m.text()));
        CompletableFuture<Void> gathered = new CompletableFuture<>();
        pc.onIceGatheringStateChange(s -> {
            if (s == dev.jrtc.peerconnection.RtcIceGatheringState.COMPLETE) gathered.complete(null);
        });
        pc.setLocalDescription().get(5, TimeUnit.SECONDS);
        gathered.get(10, TimeUnit.SECONDS);
        String offer = pc.localDescription().sdp();
        List<String> hosts = hostAddresses(offer);
        assertFalse(hosts.isEmpty(), offer);
        for (String h : hosts) assertTrue(h.endsWith(".local"), "jrtc hides its addresses:\n" + offer);
        assertFalse(offer.contains("10.77.0."), offer);

        Object answer = chromium.async("""
                window.pc = new RTCPeerConnection();
                window.msgs = [];
                pc.ondatachannel = e => {
                  window.dc = e.channel;
                  dc.onmessage = m => { msgs.push(m.data); dc.send('echo:' + m.data); };
                };
                await pc.setRemoteDescription({type: 'offer', sdp: args[0]});
                await pc.setLocalDescription();
                """ + GATHERED + "return pc.localDescription.sdp;", offer);
        assertFalse(answer.toString().startsWith("ERROR"), answer.toString());
        pc.setRemoteDescription(RtcSessionDescription.answer(answer.toString())).get(5, TimeUnit.SECONDS);
        long answered = System.nanoTime();
        try {
            // It opens within a second even with the CPU saturated (0.7-0.9 s with 4 busy threads on 2 cores).
            open.get(20, TimeUnit.SECONDS);
            System.out.printf("Chromium resolved jrtc's .local names; channel open %d ms after the answer%n",
                    (System.nanoTime() - answered) / 1_000_000);
        } catch (java.util.concurrent.TimeoutException e) {
            // A stall, seen once in about ten runs (JDK 25, in CI): say which step stalled the next time.
            throw new AssertionError("no open channel in 20 s; jrtc " + pc.connectionState() + "/" + pc.iceConnectionState()
                    + ", Chromium " + chromium.eval("pc.connectionState + '/' + pc.iceConnectionState")
                    + ", Chromium's remote candidates:\n" + chromiumRemoteCandidates() + "\njrtc transport: "
                    + pc.getStats().get(5, TimeUnit.SECONDS).get("T01") + "\noffer:\n" + offer + "\nanswer:\n" + answer, e);
        }
        for (int i = 0; i < 5; i++) dc.send("ping " + i);
        for (int i = 0; i < 5; i++) assertEquals("echo:ping " + i, messages.poll(10, TimeUnit.SECONDS));
        // This jrtc resolves no names, so the connection needs Chromium to have found jrtc's address through jrtc's
        // responder: its remote candidates include jrtc's host candidate (W3C webrtc-stats leave its address out).
        assertEquals(0, counter(pc, "jrtcMdnsResolved"));
        assertTrue(waitFor(() -> chromiumRemoteCandidates().contains("host")), "Chromium's remote candidates:\n"
                + chromiumRemoteCandidates());
        chromium.async("pc.close(); return 'closed';");
        pc.close();
    }

    private static String chromiumRemoteCandidates() {
        return chromium.async("""
                const stats = await pc.getStats();
                const out = [];
                stats.forEach(s => { if (s.type === 'remote-candidate') out.push(s.candidateType + ' ' + (s.address || '') + ' ' + s.port); });
                return out.join('\\n');
                """).toString();
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
