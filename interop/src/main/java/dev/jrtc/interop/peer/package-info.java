/**
 * Other WebRTC stacks as test peers: {@link dev.jrtc.interop.peer.WithPeer @WithPeer(PeerKind.PION)} gives a JUnit 5
 * test a {@link dev.jrtc.interop.peer.RemotePeer} running libdatachannel, libwebrtc, werift, aiortc, pion or headless
 * Chromium in a child process, and ends it (and whatever it started) after the test.
 *
 * <pre>{@code
 * @WithPeer(PeerKind.PION)
 * class PionEchoTest {
 *     @Test
 *     void echoes(RemotePeer pion) throws Exception {
 *         PeerConnection pc = factory.createPeerConnection(RtcConfiguration.defaults());
 *         RtcDataChannel dc = pc.createDataChannel("echo");
 *         CompletableFuture<Void> gathered = new CompletableFuture<>();
 *         pc.onIceGatheringStateChange(s -> { if (s == RtcIceGatheringState.COMPLETE) gathered.complete(null); });
 *         pc.setLocalDescription().get(5, TimeUnit.SECONDS);
 *         gathered.get(5, TimeUnit.SECONDS); // the peers are non-trickle: hand them every candidate
 *         String answer = pion.createAnswer(pc.localDescription().sdp());
 *         pc.setRemoteDescription(RtcSessionDescription.answer(answer)).get(5, TimeUnit.SECONDS);
 *         pion.awaitChannelOpen("echo", Duration.ofSeconds(10));
 *         // every message sent on dc comes back, text as text and binary as binary
 *     }
 * }
 * }</pre>
 *
 * <h2>Installing the peers</h2>
 * {@link dev.jrtc.interop.peer.PeerInstaller} extracts the peer programs shipped in this jar to a cache folder and
 * installs their stacks: {@code npm ci} of node-datachannel 0.33.4, @roamhq/wrtc 0.10.0 and werift 0.25.2 (a
 * package-lock.json pins every package), {@code go build} of the pion peer against Debian's
 * golang-github-pion-webrtc.v3-dev, and a check that {@code python3} imports Debian's python3-aiortc. Run it once
 * with network access ({@code java -cp jrtc-interop.jar:gson.jar:slf4j-api.jar dev.jrtc.interop.peer.PeerInstaller});
 * tests themselves never install, so they can run without network. A missing stack fails the test with a
 * {@link dev.jrtc.interop.peer.PeerNotInstalledException} naming the command.
 *
 * <h2>The line protocol</h2>
 * The Java side writes one JSON object per line to the peer's stdin; the peer writes one JSON object per line to
 * stdout (answers and events) and logs to stderr, which goes to SLF4J. The peer exits when its stdin closes.
 * <ul>
 *   <li>On start the peer says {@code {"event":"ready","stack":"pion/webrtc","version":"v3.1.56"}}.</li>
 *   <li>{@code {"id":1,"op":"offer","channels":[{"label":"echo","ordered":true},
 *       {"label":"echo-unordered","ordered":false,"maxRetransmits":0}],"audio":true,"video":true}}: the peer makes
 *       its RTCPeerConnection, asks for audio and video (recvonly transceivers) when told, creates the channels
 *       (each may also carry {@code maxPacketLifeTime}, {@code protocol}, {@code negotiated} and {@code id}) and
 *       answers {@code {"id":1,"sdp":"..."}} once ICE gathering is complete (no trickle: the SDP has every
 *       candidate).</li>
 *   <li>{@code {"id":2,"op":"answer","sdp":"<remote offer>"}} answers {@code {"id":2,"sdp":"<answer>"}}, again after
 *       gathering; {@code {"id":3,"op":"accept","sdp":"<remote answer>"}} answers {@code {"id":3}}.</li>
 *   <li>{@code {"id":4,"op":"open","channels":[...]}} creates more channels on the live connection.</li>
 *   <li>{@code {"id":5,"op":"stats"}} answers {@code {"id":5,"connectionState":"connected","audioPackets":n,
 *       "videoPackets":n,"channels":[{"label":"echo","state":"open","messagesReceived":n,"bytesReceived":n}]}}:
 *       RTP packets received per kind after SRTP (0 where the stack does not receive media) and per channel what
 *       arrived.</li>
 *   <li>{@code {"id":6,"op":"close","label":"echo"}} closes that channel; {@code {"id":7,"op":"exit"}} closes the
 *       connection and exits.</li>
 *   <li>Events: {@code {"event":"channel-open","label":"echo"}}, {@code {"event":"channel-close","label":"echo"}},
 *       {@code {"event":"connection-state","state":"connected"}}. A failed request answers
 *       {@code {"id":n,"error":"..."}}.</li>
 * </ul>
 * Behaviour: every data-channel message on any channel, opened by either side, is sent back unchanged on the same
 * channel, a string as a string and binary as binary. Every peer gathers on 127.0.0.1 only (node-datachannel
 * {@code bindAddress}, werift's host-address options, aiortc's aioice host addresses, pion's IP filter; libwebrtc
 * and Chromium have no such option and rely on the loopback-only network namespace the tests run in), and
 * {@link dev.jrtc.interop.peer.RemotePeer} strips any other candidate from the SDP it hands back. The peers are
 * non-trickle, so the jrtc side should hand them its local description once its gathering is complete.
 *
 * <p>The Node program serves libdatachannel, libwebrtc and werift in-process and Chromium over the DevTools protocol
 * (the same peer code then runs in the browser's page). {@code JRTC_PEER_DEBUG=1} in the environment turns on
 * libdatachannel's and aiortc's own logs, which reach SLF4J at INFO under {@code dev.jrtc.interop.peer.<kind>}.
 */
package dev.jrtc.interop.peer;
