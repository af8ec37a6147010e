package dev.jrtc.interop.peer;

import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link WithPeer}: resolves {@link RemotePeer} parameters by starting the peer
 * named by the nearest {@code @WithPeer} (parameter, then method, then class and its enclosing classes) and ends every
 * peer it started when the scope that asked for it ends. A stack that is not installed fails the test with a
 * {@link PeerNotInstalledException} naming the install command; nothing is skipped.
 */
public final class PeerExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PeerExtension.class);
    private static final String PEERS = "peers";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RemotePeer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        WithPeer with = find(parameter, context).orElseThrow(() -> new ParameterResolutionException(
                "RemotePeer parameter '" + parameter.getParameter().getName() + "' of " + parameter.getDeclaringExecutable()
                        + " needs @WithPeer(PeerKind.X) on the parameter, the method or the class"));
        RemotePeer peer = RemotePeer.start(with.value(), new PeerInstaller(), Duration.ofSeconds(with.timeoutSeconds()));
        peers(context).add(peer);
        return peer;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeAll(context);
    }

    private static Optional<WithPeer> find(ParameterContext parameter, ExtensionContext context) {
        Parameter p = parameter.getParameter();
        Optional<WithPeer> found = AnnotationSupport.findAnnotation(p, WithPeer.class);
        if (found.isPresent()) return found;
        Executable executable = parameter.getDeclaringExecutable();
        found = AnnotationSupport.findAnnotation(executable, WithPeer.class);
        if (found.isPresent()) return found;
        for (Class<?> c = executable.getDeclaringClass(); c != null; c = c.getEnclosingClass()) {
            found = AnnotationSupport.findAnnotation(c, WithPeer.class);
            if (found.isPresent()) return found;
        }
        return context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, WithPeer.class));
    }

    @SuppressWarnings("unchecked")
    private static List<RemotePeer> peers(ExtensionContext context) {
        // Keyed by the scope's id: a store lookup also searches the parent scopes, whose peers live longer.
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(PEERS + context.getUniqueId(),
                k -> new ArrayList<RemotePeer>(), List.class);
    }

    /** Ends the peers started in this scope (a method, or the class for constructor and @BeforeAll parameters). */
    private static void closeAll(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        List<RemotePeer> peers = context.getStore(NAMESPACE).remove(PEERS + context.getUniqueId(), List.class);
        if (peers == null) return;
        RuntimeException failure = null;
        for (RemotePeer peer : peers) {
            try {
                peer.close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }
}
