package dev.jrtc.signaling;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain-HTTP side of the server, one instance per connection: {@code GET /} serves the demo page and
 * {@code POST /offer} answers a non-trickle offer through the {@link OfferHandler}. Every response closes the
 * connection; a connection idle for a ping interval without a request in progress is closed too.
 */
final class HttpEndpoints extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);

    private final SignalingSettings settings;
    private final SignalingStats stats;
    private final OfferHandler offerHandler;
    private final byte[] page;
    private final AtomicInteger pendingOffers;
    private boolean webSocket;
    private boolean busy;

    HttpEndpoints(SignalingSettings settings, SignalingStats stats, OfferHandler offerHandler, byte[] page,
            AtomicInteger pendingOffers) {
        this.settings = settings;
        this.stats = stats;
        this.offerHandler = offerHandler;
        this.page = page;
        this.pendingOffers = pendingOffers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (busy) return; // one request per connection; pipelined extras are ignored until the close
        busy = true;
        if (!request.decoderResult().isSuccess()) {
            fail(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        HttpMethod method = request.method();
        switch (path) {
            case "/", "/index.html" -> {
                if (method.equals(HttpMethod.GET)) {
                    respond(ctx, HttpResponseStatus.OK, "text/html; charset=utf-8", Unpooled.wrappedBuffer(page));
                } else {
                    fail(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, path + " accepts GET only");
                }
            }
            case "/offer" -> {
                if (method.equals(HttpMethod.POST)) {
                    offer(ctx, request);
                } else {
                    fail(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "/offer accepts POST only");
                }
            }
            default -> fail(ctx, HttpResponseStatus.NOT_FOUND, "no resource at this path");
        }
    }

    private void offer(ChannelHandlerContext ctx, FullHttpRequest request) {
        String body;
        try {
            body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(request.content().nioBuffer()).toString();
        } catch (CharacterCodingException e) {
            fail(ctx, HttpResponseStatus.BAD_REQUEST, "the body is not UTF-8");
            return;
        }
        String sdp;
        try {
            Object value = Json.parseObject(body).get("sdp");
            if (!(value instanceof String s) || s.isBlank()) {
                fail(ctx, HttpResponseStatus.BAD_REQUEST, "the body needs a non-empty string \"sdp\"");
                return;
            }
            sdp = s;
        } catch (JsonParseException e) {
            fail(ctx, HttpResponseStatus.BAD_REQUEST, "the body is not a flat JSON object: " + e.getMessage());
            return;
        }
        if (offerHandler == null) {
            unavailable(ctx, "this server has no offer handler");
            return;
        }
        if (pendingOffers.incrementAndGet() > settings.maxPendingOffers()) {
            pendingOffers.decrementAndGet();
            unavailable(ctx, "too many offers in progress, try again later");
            return;
        }
        CompletableFuture<String> bounded = new CompletableFuture<>();
        ScheduledFuture<?> timeout = ctx.executor().schedule(() -> bounded.completeExceptionally(new TimeoutException(
                "no answer within " + settings.offerTimeout().toMillis() + " ms")),
                settings.offerTimeout().toNanos(), TimeUnit.NANOSECONDS);
        try {
            CompletableFuture<String> answer = offerHandler.answer(sdp);
            if (answer == null) throw new IllegalStateException("the offer handler returned no future");
            answer.whenComplete((a, e) -> {
                if (e != null) {
                    bounded.completeExceptionally(e);
                } else {
                    bounded.complete(a);
                }
            });
        } catch (RuntimeException e) {
            bounded.completeExceptionally(e);
        }
        bounded.whenComplete((answer, e) -> ctx.executor().execute(() -> {
            timeout.cancel(false);
            pendingOffers.decrementAndGet();
            if (e != null || answer == null) {
                LOG.info("offer not answered: {}", e == null ? "null answer" : e.toString());
                unavailable(ctx, "the offer could not be answered: " + (e == null ? "no answer" : e.getMessage()));
            } else {
                stats.offersAnswered.incrementAndGet();
                respond(ctx, HttpResponseStatus.OK, "application/json", utf8(Json.write(Map.of("sdp", answer))));
            }
        }));
    }

    private void unavailable(ChannelHandlerContext ctx, String reason) {
        stats.offersFailed.incrementAndGet();
        respond(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "application/json", utf8(Json.write(Map.of("error", reason))));
    }

    private void fail(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
        stats.errors.incrementAndGet();
        respond(ctx, status, "application/json", utf8(Json.write(Map.of("error", reason))));
    }

    private static ByteBuf utf8(String s) {
        return Unpooled.wrappedBuffer(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends the response and closes; {@code body} is owned by the response from here on. */
    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String type, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            webSocket = true;
        } else if (evt instanceof IdleStateEvent && !webSocket) {
            if (!busy) ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (webSocket) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        stats.errors.incrementAndGet();
        LOG.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
