package dev.jrtc.signaling;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Netty's aggregator with the body limit of {@link SignalingSettings#maxBodyBytes()}, counting each request it refuses
 * (413) in {@link SignalingStats#bodiesTooLarge()}: chunked bodies that outgrow the limit, which no Content-Length
 * announced to the {@link RequestGuard}.
 */
final class CountingAggregator extends HttpObjectAggregator {
    private final SignalingStats stats;

    CountingAggregator(int maxBodyBytes, SignalingStats stats) {
        super(maxBodyBytes, true);
        this.stats = stats;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        stats.bodiesTooLarge.incrementAndGet();
        // Not Netty's own 413: it closes at once, and the reset that unread bytes cause can eat the response.
        HttpResponses.refuse(ctx, HttpResponses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request entity too large"));
    }
}
