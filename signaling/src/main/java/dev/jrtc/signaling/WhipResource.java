package dev.jrtc.signaling;

import dev.jrtc.peerconnection.RtcIceCandidate;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.buffer.Unpooled;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of WHIP (RFC 9725 §4): turns requests on the endpoint URL and the session URLs into
 * {@link WhipEndpoint} calls and responses.
 *
 * <pre>
 * POST    endpoint  application/sdp offer        201 answer, Location, ETag | 400 bad SDP | 415 | 503 (+Retry-After)
 * PATCH   session   trickle-ice-sdpfrag          204 candidates added | 200 ICE restarted: sdpfrag with the new
 *                                                 credentials and candidates, new ETag | 428 no If-Match | 412 stale
 *                                                 ETag | 400 malformed | 415 | 422 restart failed | 404
 * DELETE  session                                200 session ended | 404
 * GET     endpoint or session                    204 (RFC 9725 §4.1: no representation)
 * OPTIONS endpoint or session                    204 with Accept-Post / Accept-Patch (CORS preflight answered too)
 * any other method                               405 with Allow
 * </pre>
 *
 * With a bearer token configured, every request but OPTIONS needs {@code Authorization: Bearer <token>} (else 401 with
 * {@code WWW-Authenticate: Bearer}).
 */
final class WhipResource {
    private static final Logger LOG = LoggerFactory.getLogger(WhipResource.class);
    static final String SDP = "application/sdp";
    static final String SDPFRAG = "application/trickle-ice-sdpfrag";

    private final WhipEndpoint endpoint;
    private final SignalingStats stats;
    private final byte[] token;

    WhipResource(WhipEndpoint endpoint, SignalingStats stats) {
        this.endpoint = endpoint;
        this.stats = stats;
        String t = endpoint.settings().bearerToken();
        this.token = t == null ? null : ("Bearer " + t).getBytes(StandardCharsets.US_ASCII);
    }

    /** True when {@code path} is the endpoint or one of its session URLs. */
    boolean handles(String path) {
        String base = endpoint.settings().path();
        return path.equals(base) || (path.startsWith(base + "/") && path.indexOf('/', base.length() + 1) < 0);
    }

    /** The response to {@code request} on {@code path} (one {@link #handles} accepted); may complete on any thread. */
    CompletableFuture<FullHttpResponse> handle(FullHttpRequest request, String path) {
        String base = endpoint.settings().path();
        HttpMethod method = request.method();
        boolean onEndpoint = path.equals(base);
        if (method.equals(HttpMethod.OPTIONS)) {
            FullHttpResponse ok = HttpResponses.response(HttpResponseStatus.NO_CONTENT, null, Unpooled.EMPTY_BUFFER);
            if (onEndpoint) {
                ok.headers().set("Accept-Post", SDP).set(HttpHeaderNames.ALLOW, "OPTIONS, POST, GET");
            } else {
                ok.headers().set("Accept-Patch", SDPFRAG).set(HttpHeaderNames.ALLOW, "OPTIONS, PATCH, DELETE, GET");
            }
            return done(ok);
        }
        if (!authorized(request)) {
            stats.whipUnauthorized.incrementAndGet();
            FullHttpResponse denied = HttpResponses.error(HttpResponseStatus.UNAUTHORIZED, "a valid bearer token is required");
            denied.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            return done(denied);
        }
        if (onEndpoint) {
            if (method.equals(HttpMethod.POST)) return post(request);
            if (method.equals(HttpMethod.GET)) return done(HttpResponses.response(HttpResponseStatus.NO_CONTENT, null, Unpooled.EMPTY_BUFFER));
            return notAllowed("OPTIONS, POST, GET");
        }
        WhipSession session = endpoint.session(path.substring(base.length() + 1));
        boolean known = session != null && session.answered && !session.isEnded();
        if (method.equals(HttpMethod.DELETE)) {
            if (!endpoint.delete(path.substring(base.length() + 1))) return done(HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no such session"));
            return done(HttpResponses.response(HttpResponseStatus.OK, null, Unpooled.EMPTY_BUFFER));
        }
        if (method.equals(HttpMethod.PATCH)) {
            if (!known) return done(HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no such session"));
            return patch(request, session);
        }
        if (method.equals(HttpMethod.GET)) {
            if (!known) return done(HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no such session"));
            return done(HttpResponses.response(HttpResponseStatus.NO_CONTENT, null, Unpooled.EMPTY_BUFFER));
        }
        return notAllowed("OPTIONS, PATCH, DELETE, GET");
    }

    private CompletableFuture<FullHttpResponse> post(FullHttpRequest request) {
        if (!hasType(request, SDP)) return unsupported(SDP);
        String offer = text(request);
        if (offer == null || offer.isBlank()) return done(HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "the body must be an SDP offer"));
        return endpoint.offer(offer).handle((session, e) -> {
            if (e != null) {
                WhipException w = whip(e);
                LOG.info("WHIP offer refused ({}): {}: {}", w.status().code(), w.getMessage(), String.valueOf(w.getCause()));
                LOG.debug("WHIP offer refused", w);
                stats.errors.incrementAndGet();
                if (w.status().code() >= 500) stats.whipSessionsRefused.incrementAndGet();
                FullHttpResponse refused = HttpResponses.error(w.status(), w.publicReason());
                if (w.status().equals(HttpResponseStatus.SERVICE_UNAVAILABLE)) refused.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
                return refused;
            }
            stats.whipSessionsCreated.incrementAndGet();
            FullHttpResponse created = HttpResponses.response(HttpResponseStatus.CREATED, SDP,
                    HttpResponses.utf8(WhipEndpoint.answer(session)));
            created.headers().set(HttpHeaderNames.LOCATION, endpoint.settings().path() + "/" + session.id())
                    .set(HttpHeaderNames.ETAG, session.etag());
            return created;
        });
    }

    private CompletableFuture<FullHttpResponse> patch(FullHttpRequest request, WhipSession session) {
        if (!hasType(request, SDPFRAG)) return unsupported(SDPFRAG);
        String ifMatch = request.headers().get(HttpHeaderNames.IF_MATCH);
        if (ifMatch == null) {
            stats.errors.incrementAndGet();
            return done(HttpResponses.error(HttpResponseStatus.PRECONDITION_REQUIRED, "If-Match with the session's ETag is required"));
        }
        if (!matches(ifMatch, session.etag())) {
            stats.errors.incrementAndGet();
            return done(HttpResponses.error(HttpResponseStatus.PRECONDITION_FAILED, "the ETag does not match the ICE session"));
        }
        String body = text(request);
        TrickleIceSdpFragment fragment;
        try {
            if (body == null) throw new IllegalArgumentException("not UTF-8");
            fragment = TrickleIceSdpFragment.parse(body);
        } catch (IllegalArgumentException e) {
            stats.errors.incrementAndGet();
            LOG.debug("WHIP session {}: malformed sdpfrag: {}", session.id(), e.getMessage());
            return done(HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "malformed sdpfrag"));
        }
        boolean restart = (fragment.iceUfrag() != null && !fragment.iceUfrag().equals(session.remoteUfrag))
                || (fragment.icePwd() != null && !fragment.icePwd().equals(session.remotePwd));
        if (restart) return restart(session, fragment);
        List<CompletableFuture<Void>> added = new ArrayList<>();
        for (TrickleIceSdpFragment.Candidate c : fragment.candidates()) {
            added.add(session.peerConnection().addIceCandidate(new RtcIceCandidate(c.candidate(), c.mid(), null, session.remoteUfrag))
                    .exceptionally(e -> {
                        // RFC 9725 §4.3.2: a candidate that cannot be used is dropped silently, the rest still count.
                        LOG.debug("WHIP session {}: candidate not added: {}", session.id(), e.toString());
                        return null;
                    }));
        }
        stats.whipCandidatesPatched.addAndGet(fragment.candidates().size());
        if (fragment.endOfCandidates()) {
            added.add(session.peerConnection().addIceCandidate(RtcIceCandidate.endOfCandidates()).exceptionally(e -> null));
        }
        return CompletableFuture.allOf(added.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> HttpResponses.response(HttpResponseStatus.NO_CONTENT, null, Unpooled.EMPTY_BUFFER));
    }

    /** RFC 9725 §4.3.2: new client credentials restart the session's ICE; 200 with ours, and a new ETag. */
    private CompletableFuture<FullHttpResponse> restart(WhipSession session, TrickleIceSdpFragment fragment) {
        if (fragment.iceUfrag() == null || fragment.icePwd() == null) {
            stats.errors.incrementAndGet();
            return done(HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "an ICE restart needs both a=ice-ufrag and a=ice-pwd"));
        }
        return endpoint.restartIce(session, fragment).handle((sdpfrag, e) -> {
            if (e != null) {
                stats.errors.incrementAndGet();
                LOG.info("WHIP session {}: ICE restart failed: {}", session.id(), String.valueOf(e));
                return HttpResponses.error(HttpResponseStatus.UNPROCESSABLE_ENTITY, "the ICE restart could not be applied");
            }
            stats.whipIceRestarts.incrementAndGet();
            stats.whipCandidatesPatched.addAndGet(fragment.candidates().size());
            FullHttpResponse ok = HttpResponses.response(HttpResponseStatus.OK, SDPFRAG, HttpResponses.utf8(sdpfrag));
            ok.headers().set(HttpHeaderNames.ETAG, session.etag());
            return ok;
        });
    }

    private boolean authorized(FullHttpRequest request) {
        if (token == null) return true;
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null) return false;
        // The scheme name is case-insensitive (RFC 9110 §11.1); the token is compared without early exit.
        String normalized = header.length() > 7 && header.regionMatches(true, 0, "Bearer ", 0, 7) ? "Bearer " + header.substring(7) : header;
        return MessageDigest.isEqual(token, normalized.getBytes(StandardCharsets.US_ASCII));
    }

    /** RFC 9110 §13.1.1: "*" or a list of entity-tags, compared strongly (a weak tag never matches). */
    static boolean matches(String ifMatch, String etag) {
        String value = ifMatch.trim();
        if (value.equals("*")) return true;
        for (String tag : value.split(",")) {
            if (tag.trim().equals(etag)) return true;
        }
        return false;
    }

    private static boolean hasType(FullHttpRequest request, String type) {
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType == null) return false;
        int semicolon = contentType.indexOf(';');
        String mime = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return mime.equals(type);
    }

    private CompletableFuture<FullHttpResponse> unsupported(String type) {
        stats.errors.incrementAndGet();
        FullHttpResponse r = HttpResponses.error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "the body must be " + type);
        r.headers().set(type.equals(SDP) ? "Accept-Post" : "Accept-Patch", type);
        return done(r);
    }

    private CompletableFuture<FullHttpResponse> notAllowed(String allow) {
        stats.errors.incrementAndGet();
        FullHttpResponse r = HttpResponses.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
        r.headers().set(HttpHeaderNames.ALLOW, allow);
        return done(r);
    }

    private static String text(FullHttpRequest request) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(request.content().nioBuffer()).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static WhipException whip(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof WhipException w) return w;
        return new WhipException(HttpResponseStatus.SERVICE_UNAVAILABLE, "the offer could not be answered", "unexpected failure", t);
    }

    private static CompletableFuture<FullHttpResponse> done(FullHttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
