package io.cdp.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class ProfileCensusTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void countsLiveProfilesSeparatelyFromMergedAwayOnes() {
        ProfileCensus census = new ProfileCensus();
        census.add(JSON.readTree("""
                {"id":"p1","userId":"u1","identities":[{"type":"anonymous_id","value":"a"}],
                 "traits":{"email":{"value":"x"},"plan":{"value":"basic"}},
                 "commerce":{"orders":2,"revenue":30.50}}"""));
        census.add(JSON.readTree("""
                {"id":"p2","identities":[{"type":"email","value":"y"}],"traits":{"email":{"value":"y"}},
                 "commerce":{"orders":1,"revenue":9.50}}"""));
        census.add(JSON.readTree("""
                {"id":"p3","identities":[{"type":"anonymous_id","value":"b"}],"commerce":{"orders":0,"revenue":0}}"""));
        census.add(JSON.readTree("""
                {"id":"p4","mergedInto":"p1","userId":null,"commerce":{"orders":5,"revenue":100}}"""));

        assertThat(census.profiles()).isEqualTo(3);
        assertThat(census.merged()).isEqualTo(1);
        assertThat(census.known()).isEqualTo(2);
        assertThat(census.anonymous()).isEqualTo(1);
        assertThat(census.orders()).isEqualTo(3);
        assertThat(census.revenue()).isEqualByComparingTo("40.00");
        assertThat(census.averageOrderValue()).isEqualByComparingTo(new BigDecimal("13.33"));
        assertThat(census.topTraits(1)).containsExactly(Map.entry("email", 2L));
    }

    @Test
    void averageOrderValueIsZeroWithoutOrders() {
        assertThat(new ProfileCensus().averageOrderValue()).isEqualByComparingTo("0");
    }
}
