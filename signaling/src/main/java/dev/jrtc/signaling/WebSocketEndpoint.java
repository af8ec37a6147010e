package dev.jrtc.signaling;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /ws} side of one connection: turns WebSocket frames into {@link RoomDispatcher} calls, pings a silent
 * client every ping interval and closes it after {@link SignalingSettings#maxMissedPongs()} silent intervals, and
 * closes a client that does not read its messages (the outbound buffer passed its high-water mark). Text and binary
 * messages pass the per-IP token bucket of {@link SignalingSettings#webSocketMessageRate()}; one over the rate is
 * dropped with an error reply.
 */
final class WebSocketEndpoint extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);

    private final RoomDispatcher dispatcher;
    private final SignalingSettings settings;
    private final SignalingStats stats;
    private final IpLimiter limiter;
    private final InetAddress ip;
    private final Supplier<String> ids;
    private PeerSession session;
    private int missedPongs;

    WebSocketEndpoint(RoomDispatcher dispatcher, SignalingSettings settings, SignalingStats stats, IpLimiter limiter,
            InetAddress ip, Supplier<String> ids) {
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.stats = stats;
        this.limiter = limiter;
        this.ip = ip;
        this.ids = ids;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            Channel channel = ctx.channel();
            session = new PeerSession(ids.get(), json -> send(channel, json));
            stats.openWebSockets.incrementAndGet();
            LOG.debug("WebSocket {} from {}", session.id(), channel.remoteAddress());
        } else if (evt instanceof IdleStateEvent && session != null) {
            if (++missedPongs > settings.maxMissedPongs()) {
                LOG.debug("{} missed {} pongs, closing", session, settings.maxMissedPongs());
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION, "no pong"))
                        .addListener(f -> ctx.close());
            } else {
                ctx.writeAndFlush(new PingWebSocketFrame());
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void send(Channel channel, String json) {
        if (!channel.isActive()) return;
        if (!channel.isWritable()) {
            LOG.info("{} does not read its messages, closing", session);
            channel.close();
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(json));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame) || session == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            missedPongs = 0; // any frame, pongs included, shows the client is alive
            boolean message = frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame;
            if (message && !limiter.tryMessage(ip)) {
                stats.messagesRateLimited.incrementAndGet();
                dispatcher.handleRateLimited(session);
            } else if (frame instanceof TextWebSocketFrame text) {
                dispatcher.handleText(session, text.text());
            } else if (frame instanceof BinaryWebSocketFrame) {
                dispatcher.handleBinary(session);
            }
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            dispatcher.handleClose(session);
            stats.openWebSockets.decrementAndGet();
            session = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stats.errors.incrementAndGet();
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedFrameException) {
            LOG.debug("closing {}: {}", session, cause.toString());
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG, "frame too large"))
                    .addListener(f -> ctx.close());
        } else {
            LOG.info("closing {} after an error: {}", session, cause.toString());
            ctx.close();
        }
    }
}
