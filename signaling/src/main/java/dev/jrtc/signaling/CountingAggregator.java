package dev.jrtc.signaling;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Netty's aggregator with the body limit of {@link SignalingSettings#maxBodyBytes()}, counting each request it refuses
 * (413) in {@link SignalingStats#bodiesTooLarge()}: chunked bodies that outgrow the limit, which no Content-Length
 * announced to the {@link RequestGuard}.
 */
final class CountingAggregator extends HttpObjectAggregator {
    private final SignalingStats stats;

    CountingAggregator(int maxBodyBytes, SignalingStats stats) {
        super(maxBodyBytes, true); // close the connection after the 413 rather than read the rest
        this.stats = stats;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        stats.bodiesTooLarge.incrementAndGet();
        super.handleOversizedMessage(ctx, oversized);
    }
}
