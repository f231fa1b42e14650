package io.cdp.segmentation.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

class SegmentMembersControllerTest {

    @Test
    void exportFileNameCannotBreakOutOfTheContentDispositionHeader() {
        String id = "a\"b\r\nX-Injected: 1";

        String header = new SegmentMembersController(null, null).export(id).getHeaders()
                .getFirst(HttpHeaders.CONTENT_DISPOSITION);

        assertThat(header).doesNotContain("\r").doesNotContain("\n").startsWith("attachment; filename=\"a\\\"b");
        assertThat(ContentDisposition.parse(header).getFilename()).isEqualTo(id + ".csv");
    }
}
