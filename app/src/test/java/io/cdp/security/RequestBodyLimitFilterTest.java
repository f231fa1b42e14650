package io.cdp.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

class RequestBodyLimitFilterTest {

    private static final int MIB = 1024 * 1024;

    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(new Binder(
            new MapConfigurationPropertySource()).bindOrCreate("cdp.security", Bindable.of(SecurityProperties.class)),
            JsonMapper.builder().build());

    /** A request whose body length is unknown, as with chunked transfer, counting the bytes handed out. */
    private static final class Chunked extends MockHttpServletRequest {

        private int handedOut;

        Chunked(String method, String uri, byte[] body) {
            super(method, uri);
            setContent(body);
        }

        @Override
        public long getContentLengthLong() {
            return -1;
        }

        @Override
        public int getContentLength() {
            return -1;
        }

        @Override
        public jakarta.servlet.ServletInputStream getInputStream() {
            jakarta.servlet.ServletInputStream in = super.getInputStream();
            return new jakarta.servlet.ServletInputStream() {
                @Override
                public int read() throws java.io.IOException {
                    int b = in.read();
                    handedOut += b < 0 ? 0 : 1;
                    return b;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(jakarta.servlet.ReadListener listener) {
                }
            };
        }
    }

    @Test
    void refusesADeclaredContentLengthOverOneMebibyteWith413BeforeReadingIt() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/segments");
        request.setContent(new byte[MIB + 1]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"field\":\"body\"").contains("\"rule\":\"maxBodySize\"")
                .contains("\"limit\":" + MIB);
        assertThat(chain.getRequest()).as("the application never saw the request").isNull();
    }

    @Test
    void stopsAChunkedBodyAtTheFirstByteBeyondTheLimit() throws Exception {
        Chunked request = new Chunked("POST", "/api/segments", new byte[2 * MIB]);
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, (req, res) -> ((HttpServletRequest) req).getInputStream().readAllBytes());

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(request.handedOut).isLessThanOrEqualTo(MIB + 65_536);
    }

    @Test
    void letsBodiesUpToTheLimitThroughWhole() throws Exception {
        Chunked request = new Chunked("PUT", "/api/segments/vip", new byte[MIB]);
        AtomicReference<byte[]> seen = new AtomicReference<>();

        filter.doFilter(request, new MockHttpServletResponse(),
                (req, res) -> seen.set(((HttpServletRequest) req).getInputStream().readAllBytes()));

        assertThat(seen.get()).hasSize(MIB);
    }

    @Test
    void uploadsHaveTheirOwnLimitAndIngestionKeepsItsOwnFilter() throws Exception {
        MockHttpServletRequest upload = new MockHttpServletRequest("POST", "/api/admin/import/contacts");
        upload.setContent(new byte[2 * MIB]);
        MockHttpServletRequest ingestion = new MockHttpServletRequest("POST", "/v1/batch");
        ingestion.setContent(new byte[2 * MIB]);
        AtomicReference<Integer> uploaded = new AtomicReference<>();

        filter.doFilter(upload, new MockHttpServletResponse(),
                (req, res) -> uploaded.set(((HttpServletRequest) req).getInputStream().readAllBytes().length));
        MockFilterChain ingestionChain = new MockFilterChain();
        filter.doFilter(ingestion, new MockHttpServletResponse(), ingestionChain);

        assertThat(uploaded.get()).isEqualTo(2 * MIB);
        assertThat(ingestionChain.getRequest()).isSameAs(ingestion);
    }

    @Test
    void aReaderIsLimitedLikeTheStream() throws Exception {
        Chunked request = new Chunked("POST", "/api/segments", new byte[MIB + 1]);
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response,
                (req, res) -> ((HttpServletRequest) req).getReader().transferTo(Writer.nullWriter()));

        assertThat(response.getStatus()).isEqualTo(413);
    }
}
