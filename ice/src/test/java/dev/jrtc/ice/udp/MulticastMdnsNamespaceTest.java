package dev.jrtc.ice.udp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real multicast responder and resolver, both inside a network namespace this test creates ({@code unshare -n},
 * as root, with multicast switched on for its loopback and 224.0.0.0/4 routed there): nothing multicast here can
 * leave the namespace's own loopback.
 */
class MulticastMdnsNamespaceTest {
    @Test
    void resolvesARegisteredNameOverMulticastInsideAFreshNamespace() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String classpath = System.getProperty("java.class.path");
        String script = "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo && exec \""
                + java + "\" -cp \"" + classpath + "\" " + MdnsNamespaceProbe.class.getName();
        Process p = new ProcessBuilder(List.of("unshare", "-n", "sh", "-c", script)).redirectErrorStream(true).start();
        boolean finished = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) p.destroyForcibly();
        assertTrue(finished && p.exitValue() == 0, "probe failed: " + out);
        assertTrue(out.contains("RESOLVED " + MdnsNamespaceProbe.ADDRESS), out);
        assertTrue(out.contains("UNKNOWN nothing"), out);
        assertTrue(out.contains("AFTER-GOODBYE nothing"), "an unregistered name is no longer answered: " + out);
    }
}
