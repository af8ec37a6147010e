package dev.jrtc.signaling;

import java.util.concurrent.CompletableFuture;

/**
 * What {@code POST /offer} hands a non-trickle offer to: the application answers it (with its candidates inside,
 * since nothing else will carry them). {@link EchoBot} is one.
 */
@FunctionalInterface
public interface OfferHandler {
    /**
     * Answers {@code offerSdp}. The server bounds the wait by {@link SignalingSettings#offerTimeout()}; a future that
     * fails, completes with null or is late gets the client a 503. May be called on a Netty event loop: it must not
     * block.
     */
    CompletableFuture<String> answer(String offerSdp);
}
