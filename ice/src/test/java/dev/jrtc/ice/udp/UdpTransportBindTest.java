package dev.jrtc.ice.udp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * A port in use is an {@link IllegalArgumentException} from {@link UdpTransport#bind}, on epoll too, where Netty
 * rethrows the failure as a checked NativeIoException: callers that try the next port of a range rely on it.
 */
class UdpTransportBindTest {
    @Test
    void aPortInUseIsAnIllegalArgumentException() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             UdpTransport udp = new UdpTransport()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> udp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort()), (now, l, r, p) -> { }));
            assertTrue(e.getMessage().contains("cannot bind UDP socket"), e.getMessage());
        }
    }
}
