package dev.jrtc.benchmarks;

import dev.jrtc.srtp.SrtpContext;
import dev.jrtc.srtp.SrtpPolicy;
import dev.jrtc.srtp.SrtpProfile;
import dev.jrtc.srtp.SrtpSessionKeys;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.utils.logging2.LoggerImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SRTP protect per profile and payload size, with two baselines measured in the same run: the raw JCE work one
 * packet needs (AES-CTR + HMAC-SHA1, or one AES-GCM seal, each the plain JCE way) and jitsi-srtp's protect.
 * Every operation first copies a fresh packet with the next sequence number into the buffer (the same copy in
 * every variant), since protection works in place and AES-GCM refuses a repeated IV.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SrtpProtectBenchmark {
    @Param({"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    public String profile;

    @Param({"1200", "160"})
    public int payload;

    private static final int SSRC = 0x11223344;

    private byte[] template;
    private byte[] buf;
    private byte[] out;
    private int length;
    private long index;

    private SrtpContext sender;
    private SrtpContext receiver;
    private SrtpContext senderAllocationFree;

    private SrtpProfile p;
    private Cipher jceCipher;
    private Mac jceMac;
    private SecretKeySpec jceKey;
    private byte[] jceSalt;
    private final byte[] rocBytes = new byte[4];

    private SrtpCryptoContext jitsi;
    private ReusableBuffer jitsiBuffer;

    @Setup
    public void setUp() throws Exception {
        p = SrtpProfile.valueOf(profile);
        Random r = new Random(1);
        byte[] masterKey = new byte[p.masterKeyLength()];
        byte[] masterSalt = new byte[p.masterSaltLength()];
        r.nextBytes(masterKey);
        r.nextBytes(masterSalt);
        length = 12 + payload;
        template = new byte[length];
        r.nextBytes(template);
        template[0] = (byte) 0x80;
        template[1] = 111;
        template[8] = (byte) (SSRC >>> 24);
        template[9] = (byte) (SSRC >>> 16);
        template[10] = (byte) (SSRC >>> 8);
        template[11] = (byte) SSRC;
        buf = new byte[length + 64];
        out = new byte[length + 64];

        sender = new SrtpContext(p, masterKey, masterSalt, SrtpPolicy.DEFAULT);
        receiver = new SrtpContext(p, masterKey, masterSalt, SrtpPolicy.DEFAULT);
        senderAllocationFree = new SrtpContext(p, masterKey, masterSalt, SrtpPolicy.DEFAULT.withAllocationFreeGcm(true));

        SrtpSessionKeys keys = SrtpSessionKeys.derive(p, masterKey, masterSalt, false);
        jceKey = new SecretKeySpec(keys.encryptionKey(), "AES");
        jceSalt = keys.salt();
        if (p.isAead()) {
            jceCipher = Cipher.getInstance("AES/GCM/NoPadding");
        } else {
            jceCipher = Cipher.getInstance("AES/CTR/NoPadding");
            jceMac = Mac.getInstance("HmacSHA1");
            jceMac.init(new SecretKeySpec(keys.authKey(), "HmacSHA1"));
        }

        org.jitsi.srtp.SrtpPolicy policy = p.isAead()
                ? new org.jitsi.srtp.SrtpPolicy(org.jitsi.srtp.SrtpPolicy.AESGCM_ENCRYPTION, p.masterKeyLength(),
                        org.jitsi.srtp.SrtpPolicy.NULL_AUTHENTICATION, 0, p.authTagLength(), p.masterSaltLength())
                : new org.jitsi.srtp.SrtpPolicy(org.jitsi.srtp.SrtpPolicy.AESCM_ENCRYPTION, p.masterKeyLength(),
                        org.jitsi.srtp.SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, p.authTagLength(), p.masterSaltLength());
        jitsi = new SrtpContextFactory(true, masterKey, masterSalt, policy, policy, new LoggerImpl("bench"))
                .deriveContext(SSRC, 0);
        jitsiBuffer = new ReusableBuffer(buf);
    }

    /** Copies the template with the next sequence number into {@code buf}. */
    private int nextPacket() {
        index++;
        System.arraycopy(template, 0, buf, 0, length);
        buf[2] = (byte) (index >>> 8);
        buf[3] = (byte) index;
        return length;
    }

    @Benchmark
    public int jrtcProtect() {
        return sender.protectRtp(buf, 0, nextPacket());
    }

    /** Protect with {@link SrtpPolicy#allocationFreeGcm()}: jrtc's GHASH for the AEAD profiles (no change for CM). */
    @Benchmark
    public int jrtcProtectAllocationFreeGcm() {
        return senderAllocationFree.protectRtp(buf, 0, nextPacket());
    }

    /** Protect then unprotect: the receive side costs this minus {@link #jrtcProtect}. */
    @Benchmark
    public int jrtcProtectUnprotect() {
        int n = sender.protectRtp(buf, 0, nextPacket());
        return receiver.unprotectRtp(buf, 0, n);
    }

    @Benchmark
    public int jitsiProtect() throws Exception {
        jitsiBuffer.reset(nextPacket());
        jitsi.transformPacket(jitsiBuffer);
        return jitsiBuffer.getLength();
    }

    /** The JCE primitives alone, used the plain way: a cipher init per packet, HMAC via javax.crypto.Mac. */
    @Benchmark
    public int jceBaseline() throws Exception {
        int len = nextPacket();
        int roc = (int) (index >>> 16);
        byte[] iv;
        if (p.isAead()) {
            iv = jceSalt.clone();
            iv[9] ^= (byte) roc;
            iv[10] ^= (byte) (index >>> 8);
            iv[11] ^= (byte) index;
            iv[8] ^= (byte) (roc >>> 8);
            jceCipher.init(Cipher.ENCRYPT_MODE, jceKey, new GCMParameterSpec(128, iv));
            jceCipher.updateAAD(buf, 0, 12);
            return jceCipher.doFinal(buf, 12, len - 12, out, 0);
        }
        iv = new byte[16];
        System.arraycopy(jceSalt, 0, iv, 0, 14);
        iv[12] ^= (byte) (index >>> 8);
        iv[13] ^= (byte) index;
        iv[11] ^= (byte) roc;
        iv[10] ^= (byte) (roc >>> 8);
        jceCipher.init(Cipher.ENCRYPT_MODE, jceKey, new IvParameterSpec(iv));
        jceCipher.doFinal(buf, 12, len - 12, buf, 12);
        jceMac.update(buf, 0, len);
        rocBytes[2] = (byte) (roc >>> 8);
        rocBytes[3] = (byte) roc;
        jceMac.update(rocBytes);
        jceMac.doFinal(out, 0);
        System.arraycopy(out, 0, buf, len, p.authTagLength());
        return len + p.authTagLength();
    }

    /** jitsi-srtp's in-place buffer over our packet array. */
    static final class ReusableBuffer implements org.jitsi.utils.ByteArrayBuffer {
        private final byte[] bytes;
        private int len;

        ReusableBuffer(byte[] bytes) {
            this.bytes = bytes;
        }

        void reset(int length) {
            len = length;
        }

        @Override public byte[] getBuffer() { return bytes; }
        @Override public int getOffset() { return 0; }
        @Override public int getLength() { return len; }
        @Override public void setLength(int l) { len = l; }
        @Override public void setOffset(int o) { if (o != 0) throw new UnsupportedOperationException("offset " + o); }
        @Override public boolean isInvalid() { return false; }
        @Override public void readRegionToBuff(int o, int l, byte[] dst) { System.arraycopy(bytes, o, dst, 0, l); }
        @Override public void grow(int howMuch) {
            if (bytes.length - len < howMuch) throw new IllegalStateException("buffer sized with 64 spare bytes");
        }
        @Override public void append(byte[] data, int l) { System.arraycopy(data, 0, bytes, len, l); len += l; }
        @Override public void shrink(int l) { len -= l; }
    }
}
