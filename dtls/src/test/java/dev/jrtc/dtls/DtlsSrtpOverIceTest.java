package dev.jrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.ice.Candidate;
import dev.jrtc.ice.IceAgent;
import dev.jrtc.ice.IceAgentConfig;
import dev.jrtc.ice.IceConnectionState;
import dev.jrtc.ice.IceEvent;
import dev.jrtc.ice.IceRole;
import dev.jrtc.ice.Transmit;
import dev.jrtc.srtp.SrtpPolicy;
import dev.jrtc.srtp.SrtpSession;
import dev.jrtc.testkit.LinkConditions;
import dev.jrtc.testkit.VirtualNetwork;
import dev.jrtc.testkit.VirtualSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The media path of a WebRTC peer end to end (RFC 8827 §6.5, RFC 5764): ICE connects two agents, DTLS handshakes
 * over the selected pair (the transport demuxes DTLS from STUN by first byte, RFC 7983), and the exported keys
 * protect RTP that crosses the same pair. Real time drives it, as BC's handshake reads the clock.
 */
class DtlsSrtpOverIceTest {
    private static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 5000);
    private static final InetSocketAddress B = new InetSocketAddress("192.0.2.2", 5000);

    /** One peer: its ICE agent, DTLS transport and socket, with DTLS records demuxed from STUN by first byte. */
    private static final class Peer {
        final IceAgent ice;
        final BcDtlsTransport dtls;
        VirtualSocket socket;
        final List<IceEvent> iceEvents = new ArrayList<>();
        final List<DtlsEvent> dtlsEvents = new ArrayList<>();
        final List<byte[]> rtp = new ArrayList<>();

        Peer(IceRole role, InetSocketAddress address, DtlsConfig dtlsConfig, long seed) {
            ice = new IceAgent(IceAgentConfig.of(role, List.of(address), new Random(seed)));
            dtls = new BcDtlsTransport(dtlsConfig);
        }

        void receive(long now, InetSocketAddress from, InetSocketAddress to, byte[] d) {
            ice.handleDatagram(now, from, to, d);
        }

        /** Moves everything this peer wants to send onto the network, and routes ICE application data. */
        void pump(long now) {
            for (Transmit t = ice.pollTransmit(); t != null; t = ice.pollTransmit()) socket.send(now, t.destination(), t.data());
            for (IceEvent e = ice.pollEvent(); e != null; e = ice.pollEvent()) {
                iceEvents.add(e);
                if (e instanceof IceEvent.ApplicationData data) {
                    int first = data.data()[0] & 0xFF;
                    if (first >= 20 && first <= 63) {
                        dtls.handleDatagram(now, data.data(), 0, data.data().length);
                    } else if (first >= 128 && first <= 191) {
                        rtp.add(data.data());
                    }
                }
            }
            if (ice.selectedPair() != null) {
                for (byte[] d = dtls.pollTransmit(); d != null; d = dtls.pollTransmit()) {
                    Transmit t = ice.sendData(d);
                    socket.send(now, t.destination(), t.data());
                }
            }
            for (DtlsEvent e = dtls.pollEvent(); e != null; e = dtls.pollEvent()) dtlsEvents.add(e);
        }

        DtlsEvent.HandshakeComplete handshake() {
            return DtlsPair.first(dtlsEvents, DtlsEvent.HandshakeComplete.class);
        }

        boolean iceConnected() {
            return ice.connectionState() == IceConnectionState.CONNECTED || ice.connectionState() == IceConnectionState.COMPLETED;
        }
    }

    @Test
    void iceThenDtlsThenSrtpMediaAcrossTheSelectedPair() throws Exception {
        DtlsCertificate certA = DtlsCertificate.generateEcdsaP256();
        DtlsCertificate certB = DtlsCertificate.generateEcdsaP256();
        // A offered a=setup:actpass, B answered active: B is the DTLS client (RFC 8842 §5.3).
        Peer a = new Peer(IceRole.CONTROLLING, A, DtlsConfig.of(DtlsSetup.offererRole(DtlsSetup.ACTIVE), certA, certB.fingerprint()), 1);
        Peer b = new Peer(IceRole.CONTROLLED, B, DtlsConfig.of(DtlsSetup.roleOf(DtlsSetup.ACTPASS.answerTo()), certB, certA.fingerprint()), 2);
        VirtualNetwork net = new VirtualNetwork(42);
        net.setDefaultConditions(new LinkConditions(2_000_000, 1_000_000, 0.02, 0.0, 0.0));
        a.socket = net.bind(A, a::receive);
        b.socket = net.bind(B, b::receive);

        long start = System.nanoTime();
        a.ice.setRemoteCredentials(b.ice.localCredentials());
        b.ice.setRemoteCredentials(a.ice.localCredentials());
        a.ice.gather(0);
        b.ice.gather(0);
        for (Candidate c : a.ice.localCandidates()) b.ice.addRemoteCandidate(0, c);
        for (Candidate c : b.ice.localCandidates()) a.ice.addRemoteCandidate(0, c);
        a.dtls.start();
        b.dtls.start();

        boolean dtlsDone = false;
        long deadline = start + 15_000_000_000L;
        while (System.nanoTime() < deadline && !dtlsDone) {
            long now = System.nanoTime() - start;
            net.deliverDue(now);
            for (Peer p : List.of(a, b)) {
                if (p.ice.pollTimeout() <= now) p.ice.handleTimeout(now);
                p.pump(now);
            }
            dtlsDone = a.handshake() != null && b.handshake() != null;
            Thread.sleep(1);
        }
        assertTrue(a.iceConnected() && b.iceConnected(), "ICE: " + a.ice.connectionState() + " / " + b.ice.connectionState());
        assertTrue(dtlsDone, "DTLS over ICE: " + a.dtlsEvents + " / " + b.dtlsEvents);
        assertEquals(certB.fingerprint(), a.handshake().remoteFingerprint());

        SrtpKeyingMaterial ka = a.handshake().srtp();
        SrtpKeyingMaterial kb = b.handshake().srtp();
        SrtpSession srtpA = new SrtpSession(ka.profile(), ka.localMasterKey(), ka.localMasterSalt(), ka.remoteMasterKey(), ka.remoteMasterSalt(), SrtpPolicy.DEFAULT);
        SrtpSession srtpB = new SrtpSession(kb.profile(), kb.localMasterKey(), kb.localMasterSalt(), kb.remoteMasterKey(), kb.remoteMasterSalt(), SrtpPolicy.DEFAULT);

        List<byte[]> sent = new ArrayList<>();
        for (int seq = 0; seq < 20; seq++) {
            byte[] rtp = new byte[12 + 160 + 16];
            rtp[0] = (byte) 0x80;
            rtp[1] = 111;
            rtp[3] = (byte) seq;
            rtp[11] = 7;
            Arrays.fill(rtp, 12, 172, (byte) seq);
            sent.add(Arrays.copyOf(rtp, 172));
            int n = srtpA.protectRtp(rtp, 0, 172);
            Transmit t = a.ice.sendData(Arrays.copyOf(rtp, n));
            a.socket.send(System.nanoTime() - start, t.destination(), t.data());
        }
        deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && b.rtp.size() < 15) {
            long now = System.nanoTime() - start;
            net.deliverDue(now);
            b.pump(now);
            Thread.sleep(1);
        }
        assertTrue(b.rtp.size() >= 15, "most of 20 packets cross a 2% loss path: " + b.rtp.size());
        for (byte[] srtp : b.rtp) {
            int n = srtpB.unprotectRtp(srtp, 0, srtp.length);
            assertEquals(172, n, "decrypts with the DTLS-exported keys");
            assertArrayEquals(sent.get(srtp[3]), Arrays.copyOf(srtp, n));
        }
        a.dtls.close();
        b.dtls.close();
    }
}
