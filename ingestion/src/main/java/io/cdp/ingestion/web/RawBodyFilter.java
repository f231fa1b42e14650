package io.cdp.ingestion.web;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import lombok.RequiredArgsConstructor;

import org.springframework.web.filter.OncePerRequestFilter;

import io.cdp.ingestion.pipeline.InvalidTrackingRequestException;
import io.cdp.ingestion.pipeline.Limits;
import io.cdp.ingestion.pipeline.RequestParser;
import io.cdp.ingestion.pipeline.Violation;

/**
 * Reads the body of Segment-spec calls as raw bytes before anything else touches the request:
 * RudderStack posts JSON as application/x-www-form-urlencoded, and once the container parsed
 * it as form parameters the JSON would be gone. Reading the stream first also makes Tomcat
 * skip form parsing. Gzip is inflated here, counting bytes while inflating so that a small
 * compressed bomb is cut off at the request limit instead of filling the heap.
 */
@RequiredArgsConstructor
class RawBodyFilter extends OncePerRequestFilter {

    static final String BODY = "io.cdp.ingestion.web.RawBodyFilter.body";
    static final String ERROR = "io.cdp.ingestion.web.RawBodyFilter.error";

    private final Limits limits;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod())) {
            try {
                request.setAttribute(BODY, read(request));
            } catch (InvalidTrackingRequestException e) {
                request.setAttribute(ERROR, e);
            }
        }
        chain.doFilter(request, response);
    }

    private byte[] read(HttpServletRequest request) throws IOException {
        String encoding = request.getHeader("Content-Encoding");
        InputStream in = request.getInputStream();
        if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim())) {
            if (!"gzip".equals(encoding.trim().toLowerCase(Locale.ROOT))) {
                throw new InvalidTrackingRequestException(Violation.of("Content-Encoding", "supportedEncoding",
                        "only gzip and identity content encodings are supported"));
            }
            try {
                in = new GZIPInputStream(in);
            } catch (ZipException e) {
                throw invalidGzip();
            }
        }
        try (InputStream body = in) {
            byte[] bytes = body.readNBytes(limits.maxRequestBytes() + 1);
            if (bytes.length > limits.maxRequestBytes()) {
                throw RequestParser.requestTooLarge(limits);
            }
            return bytes;
        } catch (ZipException | EOFException e) {
            throw invalidGzip();
        }
    }

    private static InvalidTrackingRequestException invalidGzip() {
        return new InvalidTrackingRequestException(Violation.of("body", "gzip", "the body is not valid gzip"));
    }
}
