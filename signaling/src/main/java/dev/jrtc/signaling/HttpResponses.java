package dev.jrtc.signaling;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Building and sending the server's HTTP responses (RFC 9110): every response closes its connection, is not cached,
 * and an error carries only a fixed, generic reason; details go to the log, never to the client.
 */
final class HttpResponses {
    /** How long a refused client may go on sending (unread) after its response, before the connection closes. */
    private static final long LINGER_MILLIS = 2000;

    private HttpResponses() {}

    /** A response with {@code body} (owned by the response from here on) of {@code type}, or empty when type is null. */
    static FullHttpResponse response(HttpResponseStatus status, String type, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        if (type != null) response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    /** {@code {"error":reason}} as JSON; {@code reason} must be one of our fixed texts. */
    static FullHttpResponse error(HttpResponseStatus status, String reason) {
        return response(status, "application/json", utf8(Json.write(Map.of("error", reason))));
    }

    /** Sends the response and closes the connection once it is written. */
    static void send(ChannelHandlerContext ctx, FullHttpResponse response) {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Sends a response to a request whose body was not read (refused on its head, oversized, too slow) and closes
     * the connection without resetting it: closing a socket with unread bytes sends a TCP reset, which can destroy
     * the response before the client reads it (RFC 9112 §9.6). So the output is shut down first and what the client
     * still sends is read and dropped unparsed (no later request on it reaches a handler), for at most {@link
     * #LINGER_MILLIS}.
     */
    static void refuse(ChannelHandlerContext ctx, FullHttpResponse response) {
        Channel channel = ctx.channel();
        if (channel.pipeline().get(DropInput.class) == null) channel.pipeline().addFirst(DropInput.INSTANCE);
        ctx.writeAndFlush(response).addListener(written -> {
            if (!written.isSuccess() || !(channel instanceof DuplexChannel duplex)) {
                channel.close();
                return;
            }
            duplex.shutdownOutput();
            channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    static ByteBuf utf8(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Drops every byte a refused client still sends. Stateless, so one instance serves every channel. */
    @ChannelHandler.Sharable
    private static final class DropInput extends ChannelInboundHandlerAdapter {
        static final DropInput INSTANCE = new DropInput();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
