package dev.jrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.srtp.SrtpProfile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Handshakes with OpenSSL's DTLS 1.2 (an independent implementation) over real UDP on 127.0.0.1, both as client
 * and as server, and compares the EXTRACTOR-dtls_srtp keying material OpenSSL prints with ours byte for byte.
 */
class OpensslDtlsInteropTest {
    private static final Pattern KEYING = Pattern.compile("Keying material: ([0-9A-Fa-f]+)");
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    static Path dir;
    private static DtlsFingerprint opensslFingerprint;
    private static DtlsCertificate ours;
    private Process openssl;

    @BeforeAll
    static void opensslCertificate() throws Exception {
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-days", "1", "-subj", "/CN=openssl-peer");
        byte[] der = CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(dir.resolve("cert.pem"))).getEncoded();
        opensslFingerprint = DtlsFingerprint.of("sha-256", der);
        ours = DtlsCertificate.generateEcdsaP256();
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
    }

    @AfterEach
    void stopOpenssl() throws Exception {
        if (openssl != null) {
            openssl.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private Process startOpenssl(List<String> command, List<String> output) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture.runAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                // process ended
            }
        });
        return p;
    }

    private static List<String> opensslSrtpArgs(SrtpProfile profile) {
        String name = profile == SrtpProfile.AEAD_AES_128_GCM ? "SRTP_AEAD_AES_128_GCM" : "SRTP_AES128_CM_SHA1_80";
        return List.of("-use_srtp", name, "-keymatexport", SrtpKeyingMaterial.EXPORTER_LABEL, "-keymatexportlen",
                String.valueOf(profile.keyingMaterialLength()));
    }

    /** Our material in the exporter's order: client key, server key, client salt, server salt (RFC 5764 §4.2). */
    private static String exporterOrder(SrtpKeyingMaterial m, DtlsRole ourRole) {
        boolean client = ourRole == DtlsRole.CLIENT;
        byte[][] parts = client
                ? new byte[][] {m.localMasterKey(), m.remoteMasterKey(), m.localMasterSalt(), m.remoteMasterSalt()}
                : new byte[][] {m.remoteMasterKey(), m.localMasterKey(), m.remoteMasterSalt(), m.localMasterSalt()};
        StringBuilder sb = new StringBuilder();
        for (byte[] p : parts) sb.append(HexFormat.of().withUpperCase().formatHex(p));
        return sb.toString();
    }

    /** The lines so far (the reader thread appends under the list's lock). */
    private static String snapshot(List<String> output) {
        synchronized (output) {
            return output.toString();
        }
    }

    private static String awaitKeyingMaterial(List<String> output) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            synchronized (output) {
                for (String line : output) {
                    Matcher m = KEYING.matcher(line);
                    if (m.find()) return m.group(1).toUpperCase();
                }
            }
            Thread.sleep(20);
        }
        synchronized (output) {
            throw new AssertionError("openssl printed no keying material: " + output);
        }
    }

    /** Pumps one transport over a UDP socket until it reports HandshakeComplete or Failed (bounded). */
    private static DtlsEvent pump(BcDtlsTransport t, DatagramSocket socket, InetSocketAddress peer) throws Exception {
        socket.setSoTimeout(5);
        byte[] buf = new byte[2048];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        InetSocketAddress remote = peer;
        while (System.nanoTime() < deadline) {
            for (byte[] d = t.pollTransmit(); d != null && remote != null; d = t.pollTransmit()) {
                socket.send(new DatagramPacket(d, d.length, remote));
            }
            for (DtlsEvent e = t.pollEvent(); e != null; e = t.pollEvent()) {
                if (e instanceof DtlsEvent.HandshakeComplete || e instanceof DtlsEvent.Failed) {
                    // flush the last flight before handing back
                    for (byte[] d = t.pollTransmit(); d != null && remote != null; d = t.pollTransmit()) {
                        socket.send(new DatagramPacket(d, d.length, remote));
                    }
                    return e;
                }
            }
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                if (remote == null) remote = (InetSocketAddress) p.getSocketAddress();
                t.handleDatagram(System.nanoTime(), p.getData(), 0, p.getLength());
            } catch (SocketTimeoutException e) {
                // nothing arrived; loop to flush and poll
            }
        }
        throw new AssertionError("no handshake result within 15 s");
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    void ourClientAgainstOpensslServerExportsTheSameKeys(SrtpProfile profile) throws Exception {
        int port = freeUdpPort();
        List<String> output = new ArrayList<>();
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(), "-verify", "1"));
        cmd.addAll(opensslSrtpArgs(profile));
        openssl = startOpenssl(cmd, output);
        Thread.sleep(500); // let s_server bind
        BcDtlsTransport client = new BcDtlsTransport(DtlsConfig.of(DtlsRole.CLIENT, ours, opensslFingerprint)
                .withSrtpProfiles(List.of(profile)));
        try (DatagramSocket socket = new DatagramSocket(0, LOOPBACK)) {
            client.start();
            DtlsEvent result = pump(client, socket, new InetSocketAddress(LOOPBACK, port));
            assertTrue(result instanceof DtlsEvent.HandshakeComplete, () -> result + " / openssl: " + snapshot(output));
            DtlsEvent.HandshakeComplete done = (DtlsEvent.HandshakeComplete) result;
            assertEquals(profile, done.srtp().profile());
            assertEquals(opensslFingerprint, done.remoteFingerprint());
            assertEquals(awaitKeyingMaterial(output), exporterOrder(done.srtp(), DtlsRole.CLIENT));
        } finally {
            client.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    void opensslClientAgainstOurServerExportsTheSameKeys(SrtpProfile profile) throws Exception {
        BcDtlsTransport server = new BcDtlsTransport(DtlsConfig.of(DtlsRole.SERVER, ours, opensslFingerprint)
                .withSrtpProfiles(List.of(profile)));
        try (DatagramSocket socket = new DatagramSocket(0, LOOPBACK)) {
            List<String> output = new ArrayList<>();
            List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-dtls1_2", "-connect",
                    "127.0.0.1:" + socket.getLocalPort(), "-cert", dir.resolve("cert.pem").toString(),
                    "-key", dir.resolve("key.pem").toString()));
            cmd.addAll(opensslSrtpArgs(profile));
            server.start();
            openssl = startOpenssl(cmd, output);
            DtlsEvent result = pump(server, socket, null);
            assertTrue(result instanceof DtlsEvent.HandshakeComplete, () -> result + " / openssl: " + snapshot(output));
            DtlsEvent.HandshakeComplete done = (DtlsEvent.HandshakeComplete) result;
            assertEquals(profile, done.srtp().profile());
            assertNotNull(done.remoteFingerprint());
            assertEquals(opensslFingerprint, done.remoteFingerprint(), "the client's certificate was checked");
            assertEquals(awaitKeyingMaterial(output), exporterOrder(done.srtp(), DtlsRole.SERVER));
        } finally {
            server.close();
        }
    }

    @Test
    void opensslServerWithAnotherCertificateIsRejected() throws Exception {
        int port = freeUdpPort();
        List<String> output = new ArrayList<>();
        openssl = startOpenssl(List.of("openssl", "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString()), output);
        Thread.sleep(500);
        DtlsFingerprint wrong = DtlsCertificate.generateEcdsaP256().fingerprint();
        BcDtlsTransport client = new BcDtlsTransport(DtlsConfig.of(DtlsRole.CLIENT, ours, wrong));
        try (DatagramSocket socket = new DatagramSocket(0, LOOPBACK)) {
            client.start();
            DtlsEvent result = pump(client, socket, new InetSocketAddress(LOOPBACK, port));
            assertTrue(result instanceof DtlsEvent.Failed f && f.reason().contains("fingerprint mismatch")
                    && f.reason().contains(opensslFingerprint.sdpValue()), String.valueOf(result));
        } finally {
            client.close();
        }
    }
}
