package dev.jrtc.signaling;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each HTTP request head before its body is read, in this order: the per-IP request rate (429), the Host
 * header against DNS rebinding (400 when missing, 421 when not an allowed name), the Origin of browser requests (403),
 * and the declared body size (413). A refused request is answered with a generic reason and its connection closed;
 * whatever else the client sends is dropped unread.
 */
final class RequestGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);

    private final SignalingSettings settings;
    private final SignalingStats stats;
    private final IpLimiter limiter;
    private final AccessPolicy policy;
    private final InetAddress ip;
    private boolean refused;

    RequestGuard(SignalingSettings settings, SignalingStats stats, IpLimiter limiter, AccessPolicy policy, InetAddress ip) {
        this.settings = settings;
        this.stats = stats;
        this.limiter = limiter;
        this.policy = policy;
        this.ip = ip;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            HttpResponseStatus status = check(request);
            if (status != null) {
                refused = true;
                ReferenceCountUtil.release(msg);
                FullHttpResponse response = HttpResponses.error(status, status.reasonPhrase().toLowerCase(java.util.Locale.ROOT));
                if (status.equals(HttpResponseStatus.TOO_MANY_REQUESTS)) {
                    // RFC 6585 §4: when one token will be back.
                    long seconds = (long) Math.ceil(1 / settings.httpRequestRate().perSecond());
                    response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(Math.max(1, seconds)));
                }
                HttpResponses.refuse(ctx, response);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** The status to refuse {@code request} with, or null when it may go on. */
    private HttpResponseStatus check(HttpRequest request) {
        if (!limiter.tryRequest(ip)) {
            stats.httpRateLimited.incrementAndGet();
            LOG.debug("{}: HTTP request rate exceeded", ip);
            return HttpResponseStatus.TOO_MANY_REQUESTS;
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null) {
            stats.hostsRejected.incrementAndGet();
            return HttpResponseStatus.BAD_REQUEST;
        }
        if (!policy.hostAllowed(host)) {
            stats.hostsRejected.incrementAndGet();
            LOG.info("{}: Host \"{}\" is not an allowed name (DNS rebinding?)", ip, abbreviate(host));
            return HttpResponseStatus.MISDIRECTED_REQUEST;
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !isPageLoad(request) && !policy.originAllowed(origin, host)) {
            stats.originsRejected.incrementAndGet();
            LOG.info("{}: Origin \"{}\" may not use {}", ip, abbreviate(origin), abbreviate(request.uri()));
            return HttpResponseStatus.FORBIDDEN;
        }
        if (HttpUtil.getContentLength(request, 0L) > settings.maxBodyBytes()) {
            stats.bodiesTooLarge.incrementAndGet();
            return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        return null;
    }

    /** GET of the demo page: harmless from any origin (it reads nothing a page could not fetch itself). */
    private static boolean isPageLoad(HttpRequest request) {
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) return false;
        String path = new QueryStringDecoder(request.uri()).path();
        return path.equals("/") || path.equals("/index.html");
    }

    private static String abbreviate(String s) {
        String shown = s.length() <= 80 ? s : s.substring(0, 80) + "...";
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
