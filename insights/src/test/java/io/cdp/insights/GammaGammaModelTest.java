package io.cdp.insights;

import static io.cdp.insights.Cdnow.assertSameSignificantDigits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GammaGammaModelTest {

    private static final GammaGammaModel FITTED = GammaGammaModel.fit(Cdnow.CUSTOMERS);

    @Test
    void fitOnCdnowRepeatBuyersReproducesThePublishedParameters() {
        assertSameSignificantDigits(FITTED.p(), "6.25");
        assertSameSignificantDigits(FITTED.q(), "3.74");
        assertSameSignificantDigits(FITTED.gamma(), "15.4");
    }

    @Test
    void aCustomerWithoutRepeatOrdersIsExpectedToSpendThePopulationMean() {
        double populationMean = FITTED.p() * FITTED.gamma() / (FITTED.q() - 1);
        assertThat(FITTED.expectedOrderValue(PurchaseHistory.of(0, 0, 30, 0))).isCloseTo(populationMean, within(1e-12));
    }

    @Test
    void moreRepeatOrdersPullTheExpectationTowardsTheCustomersOwnMean() {
        double populationMean = FITTED.p() * FITTED.gamma() / (FITTED.q() - 1);
        double own = 100;
        double few = FITTED.expectedOrderValue(PurchaseHistory.of(1, 10, 30, own));
        double many = FITTED.expectedOrderValue(PurchaseHistory.of(20, 29, 30, own));
        assertThat(few).isBetween(populationMean, own);
        assertThat(many).isBetween(few, own);
    }
}
