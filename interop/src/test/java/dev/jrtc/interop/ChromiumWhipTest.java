package dev.jrtc.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcPeerConnectionState;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.signaling.SignalingServer;
import dev.jrtc.signaling.SignalingSettings;
import dev.jrtc.signaling.WhipEndpoint;
import dev.jrtc.signaling.WhipHandler;
import dev.jrtc.signaling.WhipSession;
import dev.jrtc.signaling.WhipSettings;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real WHIP client (RFC 9725) against the jrtc WHIP endpoint: headless Chromium publishes its fake camera and
 * microphone from a page of another origin (so every request goes through CORS, with a bearer token), POSTs the offer,
 * applies the 201 answer, trickles its candidates by PATCH in one test and sends them inside the offer in the other,
 * and finally DELETEs the session. jrtc counts the VP8 and Opus RTP that reaches the handler's onTrack listeners, and
 * the DELETE closes the session's PeerConnection.
 */
class ChromiumWhipTest {
    private static final String TOKEN = "whip-test-token";
    private static final int VP8_PACKETS = 100;
    private static final int OPUS_PACKETS = 50;

    private static PeerConnectionFactory factory;
    private static Chromium chromium;
    private static WhipEndpoint whip;
    private static SignalingServer server;
    private static String endpointUrl;
    private static final Map<String, Counts> counts = new ConcurrentHashMap<>();
    private static final BlockingQueue<String> ended = new LinkedBlockingQueue<>();

    /** What one session's onTrack listeners saw. */
    static final class Counts {
        final AtomicInteger vp8 = new AtomicInteger();
        final AtomicInteger vp8KeyFrames = new AtomicInteger();
        final AtomicInteger opus = new AtomicInteger();
        final AtomicInteger other = new AtomicInteger();
        volatile WhipSession session;
    }

    /** The client, as an async function of (endpoint URL, token, trickle): publishes and resolves once connected. */
    private static final String PUBLISH = """
            const [url, token, trickle] = args;
            const pc = new RTCPeerConnection({bundlePolicy: 'max-bundle'});
            const stream = await navigator.mediaDevices.getUserMedia({audio: true, video: {width: 320, height: 240}});
            for (const track of stream.getTracks()) pc.addTransceiver(track, {direction: 'sendonly', streams: [stream]});
            const candidates = [];
            let gatheringDone;
            const gathered = new Promise(r => gatheringDone = r);
            pc.onicecandidate = e => e.candidate ? candidates.push(e.candidate) : gatheringDone();
            await pc.setLocalDescription(await pc.createOffer());
            if (!trickle) await gathered;                 // non-trickle: every candidate inside the offer
            const offer = pc.localDescription.sdp;
            const posted = await fetch(url, {method: 'POST', body: offer,
                headers: {'Content-Type': 'application/sdp', 'Authorization': 'Bearer ' + token}});
            if (posted.status !== 201) return 'ERROR POST ' + posted.status + ' ' + await posted.text();
            const location = new URL(posted.headers.get('Location'), url).href;
            const etag = posted.headers.get('ETag');
            await pc.setRemoteDescription({type: 'answer', sdp: await posted.text()});
            let patchStatus = 0;
            if (trickle) {
              await gathered;                               // RFC 9725 §4.3.2: one aggregated PATCH after the 201
              const mline = offer.match(/^m=.*$/m)[0];
              let frag = 'a=ice-options:trickle\\r\\n' + mline + '\\r\\na=mid:' + (candidates[0] ? candidates[0].sdpMid : '0')
                  + '\\r\\na=ice-ufrag:' + offer.match(/a=ice-ufrag:(.*)/)[1].trim()
                  + '\\r\\na=ice-pwd:' + offer.match(/a=ice-pwd:(.*)/)[1].trim() + '\\r\\n';
              for (const c of candidates) frag += 'a=' + c.candidate + '\\r\\n';
              frag += 'a=end-of-candidates\\r\\n';
              const patched = await fetch(location, {method: 'PATCH', body: frag, headers: {'If-Match': etag,
                  'Content-Type': 'application/trickle-ice-sdpfrag', 'Authorization': 'Bearer ' + token}});
              patchStatus = patched.status;
            }
            await new Promise((resolve, reject) => {
              const check = () => pc.connectionState === 'connected' ? resolve()
                  : pc.connectionState === 'failed' ? reject(new Error('failed')) : setTimeout(check, 50);
              check();
            });
            window.whip = {pc, location, token};
            return JSON.stringify({location, etag, patchStatus, candidates: candidates.length,
                offerCandidates: (offer.match(/a=candidate:/g) || []).length});
            """;

    private static final String DELETE = """
            const response = await fetch(whip.location, {method: 'DELETE', headers: {'Authorization': 'Bearer ' + whip.token}});
            const again = await fetch(whip.location, {method: 'DELETE', headers: {'Authorization': 'Bearer ' + whip.token}});
            whip.pc.close();
            return response.status + ' ' + again.status;
            """;

    @BeforeAll
    static void start() throws Exception {
        if (!Chromium.available()) {
            throw new IllegalStateException("Chromium and ChromeDriver are required (scripts/test.sh installs them)");
        }
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(true).withEventLoopThreads(1));
        chromium = new Chromium();
        String pageOrigin = chromium.eval("location.origin").toString();
        whip = new WhipEndpoint(factory, RtcConfiguration.defaults(), WhipSettings.defaults().withBearerToken(TOKEN), new WhipHandler() {
            @Override
            public void sessionStarted(WhipSession session) {
                Counts c = new Counts();
                c.session = session;
                counts.put(session.id(), c);
                session.peerConnection().onTrack(e -> {
                    boolean video = e.track().kind().equals("video");
                    e.track().onRtp(p -> count(c, video, p));
                });
            }

            @Override
            public void sessionEnded(WhipSession session, String reason) {
                ended.add(session.id() + ": " + reason);
            }
        });
        // The page is another origin (another port): it is allowed explicitly, as a WHIP web client's would be.
        server = new SignalingServer(SignalingSettings.defaults().withAllowedOrigins(pageOrigin), null, whip, null);
        endpointUrl = "http://127.0.0.1:" + server.start(new InetSocketAddress("127.0.0.1", 0)).getPort() + "/whip";
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (chromium != null) chromium.close();
        } finally {
            if (server != null) server.close();
            if (whip != null) whip.close();
            if (factory != null) factory.close();
        }
    }

    /** A test that failed half-way leaves no publishing page nor session behind for the next one. */
    @AfterEach
    void endLeftovers() throws Exception {
        chromium.eval("window.whip && window.whip.pc.close(); window.whip = undefined; 'ok'");
        for (Counts c : counts.values()) {
            if (!c.session.isEnded()) c.session.close();
        }
        counts.clear();
        ended.clear();
    }

    /**
     * Counts a packet by the payload type the answer negotiated: VP8 (and VP8 key frames, found by the RFC 6386 §9.1
     * start code after the RFC 7741 payload descriptor) on the video track, Opus on the audio track.
     */
    private static void count(Counts c, boolean video, byte[] p) {
        if (p.length < 12) return;
        int pt = p[1] & 0x7f;
        String answer = c.session.peerConnection().localDescription().sdp();
        if (video && pt == payloadType(answer, "VP8/90000")) {
            c.vp8.incrementAndGet();
            if (isVp8KeyFrameStart(p)) c.vp8KeyFrames.incrementAndGet();
        } else if (!video && pt == payloadType(answer, "opus/48000/2")) {
            c.opus.incrementAndGet();
        } else {
            c.other.incrementAndGet();
        }
    }

    private static int payloadType(String sdp, String encoding) {
        Matcher m = Pattern.compile("a=rtpmap:(\\d+) " + Pattern.quote(encoding), Pattern.CASE_INSENSITIVE).matcher(sdp);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static boolean isVp8KeyFrameStart(byte[] p) {
        int off = 12 + 4 * (p[0] & 0x0f);
        if ((p[0] & 0x10) != 0) { // RFC 3550 §5.3.1 header extension
            if (p.length < off + 4) return false;
            off += 4 + 4 * (((p[off + 2] & 0xff) << 8) | (p[off + 3] & 0xff));
        }
        if (p.length < off + 1) return false;
        int d = p[off] & 0xff;
        boolean start = (d & 0x10) != 0 && (d & 0x07) == 0; // S=1, PID=0: the first packet of a frame
        int i = off + 1;
        if ((d & 0x80) != 0) { // X: the extension byte I L T K
            if (p.length < i + 1) return false;
            int x = p[i++] & 0xff;
            if ((x & 0x80) != 0) i += (p.length > i && (p[i] & 0x80) != 0) ? 2 : 1; // PictureID, 7 or 15 bits
            if ((x & 0x40) != 0) i++;                                                // TL0PICIDX
            if ((x & 0x30) != 0) i++;                                                // TID / KEYIDX
        }
        // VP8 payload header: P (bit 0) is 0 for a key frame, whose start code 9d 01 2a follows the 3-byte tag.
        return start && p.length >= i + 6 && (p[i] & 0x01) == 0
                && (p[i + 3] & 0xff) == 0x9d && (p[i + 4] & 0xff) == 0x01 && (p[i + 5] & 0xff) == 0x2a;
    }

    @Test
    void chromiumPublishesWithTrickledCandidates() throws Exception {
        publishThenDelete(true);
    }

    @Test
    void chromiumPublishesWithCandidatesInTheOffer() throws Exception {
        publishThenDelete(false);
    }

    private void publishThenDelete(boolean trickle) throws Exception {
        long start = System.nanoTime();
        Object result = chromium.async(PUBLISH, endpointUrl, TOKEN, trickle);
        assertFalse(result.toString().startsWith("ERROR"), result.toString());
        String json = result.toString();
        String location = json.replaceAll(".*\"location\":\"([^\"]+)\".*", "$1");
        String id = location.substring(location.lastIndexOf('/') + 1);
        Counts c = counts.get(id);
        assertTrue(c != null, "a session for " + location + " among " + counts.keySet());
        if (trickle) {
            assertTrue(json.contains("\"patchStatus\":204"), json);
            assertTrue(json.contains("\"offerCandidates\":0"), "the trickled offer had no candidates: " + json);
        } else {
            assertTrue(json.contains("\"patchStatus\":0") && !json.contains("\"offerCandidates\":0"), json);
        }
        assertTrue(waitFor(() -> c.vp8.get() >= VP8_PACKETS && c.opus.get() >= OPUS_PACKETS),
                "VP8 " + c.vp8 + ", Opus " + c.opus + ", other " + c.other);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(c.vp8KeyFrames.get() >= 1, "a VP8 key frame among " + c.vp8 + " packets");
        WhipSession session = c.session;
        assertEquals(RtcPeerConnectionState.CONNECTED, session.peerConnection().connectionState());
        // The numbers go to the surefire output (a test, not library code).
        System.out.printf("WHIP from Chromium (%s): %d VP8 packets (%d key frame starts), %d Opus, %d other in %.2f s%n",
                trickle ? "trickle" : "non-trickle", c.vp8.get(), c.vp8KeyFrames.get(), c.opus.get(), c.other.get(), seconds);

        assertEquals("200 404", chromium.async(DELETE).toString(), "DELETE ends the session; a second DELETE finds nothing");
        assertEquals(id + ": deleted by the client", ended.poll(5, TimeUnit.SECONDS));
        assertTrue(session.isEnded());
        assertEquals(RtcPeerConnectionState.CLOSED, session.peerConnection().connectionState());
        assertEquals(0, whip.sessionCount());
    }

    private static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
