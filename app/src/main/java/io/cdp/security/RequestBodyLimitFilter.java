package io.cdp.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Caps request bodies everywhere but ingestion ({@code /v1}, which counts its bodies itself, after
 * inflating gzip). A declared {@code Content-Length} over the limit is answered 413 without reading a
 * byte; a body without one (chunked) is counted while the application reads it and the read fails with
 * 413 at the first byte beyond the limit, so nothing ever holds more than the limit. Bytes are counted as
 * they arrive: nothing outside {@code /v1} inflates a {@code Content-Encoding}, so there is no larger
 * inflated body to count. Form parameters, which the container parses itself, are also capped by
 * Tomcat's {@code max-http-form-post-size}. First of all filters, ahead of security: a body over its limit
 * is refused before anyone reads it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    /** CSV uploads: the import API's, and the console's form ({@code /admin/imports}, multipart). */
    private static final List<String> UPLOADS = List.of("/api/admin/import/", "/admin/imports");

    private final long maxBodyBytes;
    private final long maxUploadBytes;
    private final JsonMapper json;

    RequestBodyLimitFilter(SecurityProperties properties, JsonMapper json) {
        this.maxBodyBytes = properties.maxBodySize().toBytes();
        this.maxUploadBytes = properties.maxUploadSize().toBytes();
        this.json = json;
    }

    /** A body over its limit: 413 naming the body and the limit. */
    static final class BodyTooLargeException extends ErrorResponseException {

        BodyTooLargeException(long limit) {
            super(HttpStatus.CONTENT_TOO_LARGE, problem(limit), null);
        }

        private static ProblemDetail problem(long limit) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    "the request body must not exceed " + limit + " bytes");
            problem.setTitle("Request body too large");
            problem.setProperty("field", "body");
            problem.setProperty("rule", "maxBodySize");
            problem.setProperty("limit", limit);
            return problem;
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = UPLOADS.stream().anyMatch(path -> request.getRequestURI().startsWith(request.getContextPath() + path))
                ? maxUploadBytes : maxBodyBytes;
        if (request.getContentLengthLong() > limit) {
            refuse(response, new BodyTooLargeException(limit));
            return;
        }
        try {
            chain.doFilter(new LimitedRequest(request, limit), response);
        } catch (BodyTooLargeException e) {
            // read outside Spring MVC's exception handling (a filter, a streaming body)
            if (!response.isCommitted()) {
                refuse(response, e);
            }
        }
    }

    private void refuse(HttpServletResponse response, BodyTooLargeException e) throws IOException {
        ProblemResponses.write(response, json, e.getBody());
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        LimitedStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
