package dev.jrtc.interop.peer;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test a {@link RemotePeer} of another WebRTC stack: every {@code RemotePeer} parameter of a test, lifecycle
 * method or constructor gets a freshly started peer, which is ended after the test (after the class for constructor
 * and {@code @BeforeAll} parameters). On a parameter it picks that parameter's stack, so a test can talk to several.
 *
 * <pre>{@code
 * @WithPeer(PeerKind.PION)
 * class MyPionTest {
 *     @Test
 *     void echoes(RemotePeer pion) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER})
@ExtendWith(PeerExtension.class)
public @interface WithPeer {
    PeerKind value();

    /** Bound, in seconds, on the peer's start and on each of its calls. */
    int timeoutSeconds() default 30;
}
