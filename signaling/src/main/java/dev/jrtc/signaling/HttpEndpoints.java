package dev.jrtc.signaling;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
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
 * The plain-HTTP side of the server, one instance per connection: {@code GET /} serves the demo page,
 * {@code POST /offer} answers a non-trickle offer through the {@link OfferHandler}, and the WHIP paths go to the
 * {@link WhipResource}. Every response closes the connection and, when the request came from a page whose Origin
 * the {@link RequestGuard} let through, carries the CORS headers that let the page read it (WHATWG Fetch §3.2);
 * OPTIONS preflights are answered. Errors carry a fixed reason; the detail is logged. A connection idle for a ping
 * interval without a request in progress is closed.
 */
final class HttpEndpoints extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);

    private final SignalingSettings settings;
    private final SignalingStats stats;
    private final OfferHandler offerHandler;
    private final WhipResource whip;
    private final byte[] page;
    private final AtomicInteger pendingOffers;
    private boolean webSocket;
    private boolean busy;
    private String origin;

    HttpEndpoints(SignalingSettings settings, SignalingStats stats, OfferHandler offerHandler, WhipResource whip, byte[] page,
            AtomicInteger pendingOffers) {
        this.settings = settings;
        this.stats = stats;
        this.offerHandler = offerHandler;
        this.whip = whip;
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
        origin = request.headers().get(HttpHeaderNames.ORIGIN); // checked by the RequestGuard already
        String path = new QueryStringDecoder(request.uri()).path();
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.OPTIONS) && !whipPath(path)) {
            if (path.equals("/offer")) {
                respond(ctx, HttpResponses.response(HttpResponseStatus.NO_CONTENT, null, Unpooled.EMPTY_BUFFER));
            } else {
                fail(ctx, HttpResponseStatus.NOT_FOUND, "no resource at this path");
            }
            return;
        }
        switch (path) {
            case "/", "/index.html" -> {
                if (method.equals(HttpMethod.GET)) {
                    respond(ctx, HttpResponses.response(HttpResponseStatus.OK, "text/html; charset=utf-8", Unpooled.wrappedBuffer(page)));
                } else {
                    fail(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
                }
            }
            case "/offer" -> {
                if (method.equals(HttpMethod.POST)) {
                    offer(ctx, request);
                } else {
                    fail(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
                }
            }
            default -> {
                if (whipPath(path)) {
                    whip(ctx, request, path);
                } else {
                    fail(ctx, HttpResponseStatus.NOT_FOUND, "no resource at this path");
                }
            }
        }
    }

    private boolean whipPath(String path) {
        return whip != null && whip.handles(path);
    }

    private void whip(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        CompletableFuture<FullHttpResponse> response;
        try {
            response = whip.handle(request, path);
        } catch (RuntimeException e) {
            LOG.warn("WHIP request failed", e);
            response = CompletableFuture.completedFuture(HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error"));
        }
        // Bounded like /offer: a stuck answer must not hold the connection (the session itself is reaped).
        response.orTimeout(settings.offerTimeout().toNanos(), TimeUnit.NANOSECONDS).whenComplete((r, e) -> ctx.executor().execute(() -> {
            if (e != null) {
                LOG.info("WHIP request not answered in time: {}", e.toString());
                stats.whipSessionsRefused.incrementAndGet();
                FullHttpResponse late = HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "no answer in time");
                late.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
                respond(ctx, late);
            } else if (!ctx.channel().isActive()) {
                ReferenceCountUtil.release(r);
            } else {
                respond(ctx, r);
            }
        }));
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
            LOG.debug("POST /offer: {}", e.getMessage());
            fail(ctx, HttpResponseStatus.BAD_REQUEST, "the body is not a flat JSON object");
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
                // The detail may quote the offer or internal state: the log gets it, the client a fixed reason.
                LOG.info("offer not answered: {}", e == null ? "null answer" : e.toString());
                unavailable(ctx, "the offer could not be answered");
            } else {
                stats.offersAnswered.incrementAndGet();
                respond(ctx, HttpResponses.response(HttpResponseStatus.OK, "application/json",
                        HttpResponses.utf8(Json.write(Map.of("sdp", answer)))));
            }
        }));
    }

    private void unavailable(ChannelHandlerContext ctx, String reason) {
        stats.offersFailed.incrementAndGet();
        respond(ctx, HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, reason));
    }

    private void fail(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
        stats.errors.incrementAndGet();
        respond(ctx, HttpResponses.error(status, reason));
    }

    /** Adds the CORS headers for an allowed page origin, sends and closes. */
    private void respond(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (origin != null) {
            HttpHeaders h = response.headers();
            h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN)
                    .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "Location, ETag, Accept-Post, Accept-Patch, Retry-After, WWW-Authenticate")
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, PATCH, DELETE, OPTIONS")
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type, If-Match")
                    .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
        }
        HttpResponses.send(ctx, response);
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
