package io.cdp.ingestion.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.cdp.ingestion.pipeline.InvalidTrackingRequestException;
import io.cdp.ingestion.pipeline.Limits;

class RawBodyFilterTest {

    private final RawBodyFilter filter = new RawBodyFilter(new Limits(32 * 1024, 1024, 2500, 100));

    private MockHttpServletRequest filtered(byte[] body, String contentType, String encoding) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/batch");
        request.setContent(body);
        request.setContentType(contentType);
        if (encoding != null) {
            request.addHeader("Content-Encoding", encoding);
        }
        filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
        return request;
    }

    @Test
    void keepsFormUrlencodedBodyAsRawJson() throws Exception {
        byte[] json = "{\"batch\":[]}".getBytes(StandardCharsets.UTF_8);

        MockHttpServletRequest request = filtered(json, "application/x-www-form-urlencoded", null);

        assertThat((byte[]) request.getAttribute(RawBodyFilter.BODY)).isEqualTo(json);
    }

    @Test
    void inflatesGzipBody() throws Exception {
        MockHttpServletRequest request = filtered(gzip(new byte[] {'{', '}'}), "text/plain", "gzip");

        assertThat((byte[]) request.getAttribute(RawBodyFilter.BODY)).isEqualTo(new byte[] {'{', '}'});
    }

    @Test
    void stopsInflatingAtTheRequestLimit() throws Exception {
        MockHttpServletRequest request = filtered(gzip(new byte[10 * 1024 * 1024]), "application/json", "gzip");

        InvalidTrackingRequestException error = (InvalidTrackingRequestException) request.getAttribute(RawBodyFilter.ERROR);
        assertThat(error.violation().rule()).isEqualTo("maxRequestBytes");
        assertThat(request.getAttribute(RawBodyFilter.BODY)).isNull();
    }

    @Test
    void refusesBrokenGzipAndUnknownEncoding() throws Exception {
        InvalidTrackingRequestException broken = (InvalidTrackingRequestException) filtered("not gzip".getBytes(), "text/plain", "gzip")
                .getAttribute(RawBodyFilter.ERROR);
        InvalidTrackingRequestException brotli = (InvalidTrackingRequestException) filtered("{}".getBytes(), "text/plain", "br")
                .getAttribute(RawBodyFilter.ERROR);

        assertThat(broken.violation().rule()).isEqualTo("gzip");
        assertThat(brotli.violation().rule()).isEqualTo("supportedEncoding");
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        }
        return out.toByteArray();
    }
}
