package io.cdp.ingestion.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

import jakarta.servlet.http.HttpServletRequest;

import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.cdp.ingestion.pipeline.IngestionMetrics;
import io.cdp.ingestion.pipeline.IngestionService;
import io.cdp.ingestion.pipeline.InvalidTrackingRequestException;
import io.cdp.ingestion.pipeline.ParsedRequest;
import io.cdp.ingestion.pipeline.Rejection;
import io.cdp.ingestion.pipeline.RequestParser;
import io.cdp.ingestion.pipeline.StoreUnavailableException;
import io.cdp.ingestion.pipeline.Violation;
import io.cdp.ingestion.source.Source;
import io.cdp.ingestion.source.UnknownWriteKeyException;
import io.cdp.ingestion.source.WriteKeys;
import io.cdp.platform.Sha256;

/**
 * The Segment-spec HTTP tracking API, wire-compatible with analytics.js (short paths, text/plain,
 * write key in the body), analytics-java ({@code /v1/import}) and RudderStack SDKs (gzip,
 * form-urlencoded content type, Basic auth). Browsers post cross-origin, hence CORS.
 */
@RestController
@CrossOrigin(origins = "*", maxAge = 3600)
@RequiredArgsConstructor
class TrackingApiController {

    private static final Map<String, String> SHORT_PATHS = Map.of(
            "i", "identify", "t", "track", "p", "page", "s", "screen", "g", "group", "a", "alias");

    private final RequestParser parser;
    private final IngestionService ingestion;
    private final WriteKeys writeKeys;
    private final IngestionMetrics metrics;

    @PostMapping({"/v1/{call:identify|track|page|screen|group|alias}", "/v1/{call:i|t|p|s|g|a}"})
    Map<String, Object> single(@PathVariable String call,
                               @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                               HttpServletRequest request,
                               @RequestAttribute(name = RawBodyFilter.ERROR, required = false) InvalidTrackingRequestException error) {
        return handle(SHORT_PATHS.getOrDefault(call, call), authorization, rawBody(request), error);
    }

    @PostMapping({"/v1/batch", "/v1/b", "/v1/import", "/v1/import/"})
    Map<String, Object> batch(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                              HttpServletRequest request,
                              @RequestAttribute(name = RawBodyFilter.ERROR, required = false) InvalidTrackingRequestException error) {
        return handle(null, authorization, rawBody(request), error);
    }

    /**
     * Read from the request itself: bound as {@code @RequestAttribute byte[]}, Spring's conversion
     * service copies the body byte by byte through boxed Bytes, half of the request's CPU time.
     */
    private static byte[] rawBody(HttpServletRequest request) {
        return (byte[]) request.getAttribute(RawBodyFilter.BODY);
    }

    private Map<String, Object> handle(String singleType, String authorization, byte[] body,
                                       InvalidTrackingRequestException error) {
        Instant receivedAt = Instant.now();
        ParsedRequest request;
        Source source;
        try {
            if (error != null) {
                throw error;
            }
            request = parser.parse(body == null ? new byte[0] : body, singleType);
            String basicKey = basicUsername(authorization);
            source = writeKeys.authenticate(basicKey != null ? basicKey : request.writeKey());
        } catch (InvalidTrackingRequestException e) {
            // Refused before any source is known; rejections of single calls are counted by the pipeline.
            metrics.rejected("unresolved", e.violation().rule(), 1);
            throw e;
        } catch (UnknownWriteKeyException e) {
            metrics.rejected("unresolved", "writeKey", 1);
            throw e;
        } catch (StoreUnavailableException e) {
            metrics.rejected("unresolved", "sourcesUnavailable", 1);
            throw e;
        }
        IngestionService.Outcome outcome = ingestion.ingest(request, source.id(), receivedAt,
                new GeneratedMessageIds(source.id(), body));
        List<Rejection> rejections = outcome.rejections();
        if (outcome.accepted().isEmpty()) {
            if (!request.isBatch()) {
                Rejection only = rejections.get(0);
                throw new InvalidTrackingRequestException(Violation.of(only.field(), only.rule(), only.reason()));
            }
            throw new InvalidTrackingRequestException(
                    Violation.of("batch", "noValidCall", "no call in the batch is valid"), rejections);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("success", true);
        if (!rejections.isEmpty()) {
            response.put("rejected", rejections);
        }
        return response;
    }

    /** Segment-spec SDKs (analytics.js and the like) send the write key as Basic-auth username with an empty password. */
    private static String basicUsername(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String username = colon >= 0 ? decoded.substring(0, colon) : decoded;
            return username.isBlank() ? null : username;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * messageIds for the calls of one request that came without one, derived from the source, the request
     * body and the call's index: a retry of the same request yields the same ids, so it never counts
     * twice. The body is hashed on first use only, since the SDKs send a messageId with every call.
     */
    private static final class GeneratedMessageIds implements IntFunction<String> {
        private final String sourceId;
        private final byte[] body;
        private String requestHash;

        GeneratedMessageIds(String sourceId, byte[] body) {
            this.sourceId = sourceId;
            this.body = body == null ? new byte[0] : body;
        }

        @Override
        public String apply(int index) {
            if (requestHash == null) {
                requestHash = Sha256.hex(body);
            }
            return UUID.nameUUIDFromBytes((sourceId + '\n' + requestHash + '\n' + index)
                    .getBytes(StandardCharsets.UTF_8)).toString();
        }
    }
}
