package io.cdp.profile.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cdp.platform.web.InvalidRequestException;

/** Paging checks come before any search, so the controller needs no store here. */
class ProfileControllerTest {

    private final ProfileController controller = new ProfileController(null);

    @Test
    void searchPagesBeyondElasticsearchsResultWindowAreRefusedNamingPageAndTheLimit() {
        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> controller.search(Map.of(), null, null, 1000, 50));

        assertThat(refused.getBody().getProperties()).containsEntry("field", "page");
        assertThat(refused.getBody().getDetail()).contains("at most 199 for size 50").contains("10000");
    }

    @Test
    void timelinePagesBeyondTheResultWindowAreRefusedEvenWhenPageTimesSizeOverflows() {
        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> controller.events("any", null, 5000, 50));
        InvalidRequestException overflow = catchThrowableOfType(InvalidRequestException.class,
                () -> controller.events("any", null, Integer.MAX_VALUE / 2, 500));

        assertThat(refused.getBody().getProperties()).containsEntry("field", "page");
        assertThat(overflow.getBody().getProperties()).containsEntry("field", "page");
    }
}
