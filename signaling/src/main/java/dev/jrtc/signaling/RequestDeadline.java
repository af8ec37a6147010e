package dev.jrtc.signaling;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.TimeUnit;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An absolute deadline for the one HTTP request of a connection (RFC 9110 §15.5.9 408): head and body must be
 * complete within {@link SignalingSettings#requestDeadline()} of the connection opening, however slowly they trickle
 * in; an idle timer alone would let a client keep the connection by sending one byte now and then (slowloris).
 * Removes itself once a full request (a WebSocket upgrade included) has arrived.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);

    private final SignalingSettings settings;
    private final SignalingStats stats;
    private ScheduledFuture<?> timer;

    RequestDeadline(SignalingSettings settings, SignalingStats stats) {
        this.settings = settings;
        this.stats = stats;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        timer = ctx.executor().schedule(() -> expire(ctx), settings.requestDeadline().toNanos(), TimeUnit.NANOSECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest) {
            cancel();
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (!ctx.channel().isActive()) return;
        stats.requestDeadlinesExceeded.incrementAndGet();
        LOG.debug("{}: no complete request within {}", ctx.channel().remoteAddress(), settings.requestDeadline());
        HttpResponses.refuse(ctx, HttpResponses.error(HttpResponseStatus.REQUEST_TIMEOUT, "request timeout"));
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
