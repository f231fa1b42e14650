package io.cdp.insights;

import static io.cdp.insights.Cdnow.assertSameSignificantDigits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BgNbdModelTest {

    private static final BgNbdModel FITTED = BgNbdModel.fit(Cdnow.CUSTOMERS);

    @Test
    void fitOnCdnowReproducesThePublishedParameters() {
        assertThat(Cdnow.CUSTOMERS).hasSize(2357);
        assertSameSignificantDigits(FITTED.r(), "0.243");
        assertSameSignificantDigits(FITTED.alpha(), "4.41");
        assertSameSignificantDigits(FITTED.a(), "0.793");
        assertSameSignificantDigits(FITTED.b(), "2.43");
    }

    @Test
    void fitOnCdnowReachesThePublishedLogLikelihood() {
        assertSameSignificantDigits(FITTED.logLikelihood(Cdnow.CUSTOMERS), "-9582.4");
    }

    @Test
    void conditionalExpectationOfTheNext39WeeksMatchesThePaper() {
        assertSameSignificantDigits(FITTED.expectedPurchases(39, PurchaseHistory.of(2, 30.43, 38.86)), "1.23");
        assertThat(FITTED.expectedPurchases(39, PurchaseHistory.of(2, 30.43, 38.86))).isCloseTo(1.226, within(5e-4));
    }

    @Test
    void aCustomerWithoutRepeatPurchasesIsAliveForSure() {
        assertThat(FITTED.probabilityAlive(PurchaseHistory.of(0, 0, 38.86))).isEqualTo(1.0);
    }

    @Test
    void aRepeatBuyerSilentForLongIsLessLikelyAliveThanOneWhoBoughtLately() {
        double lately = FITTED.probabilityAlive(PurchaseHistory.of(3, 38, 38.86));
        double longAgo = FITTED.probabilityAlive(PurchaseHistory.of(3, 5, 38.86));
        assertThat(longAgo).isLessThan(lately).isGreaterThan(0);
        assertThat(lately).isLessThan(1);
    }

    @Test
    void expectsNoPurchasesInNoTimeAndMoreInMoreTime() {
        PurchaseHistory customer = PurchaseHistory.of(2, 30.43, 38.86);
        assertThat(FITTED.expectedPurchases(0, customer)).isZero();
        assertThat(FITTED.expectedPurchases(52, customer)).isGreaterThan(FITTED.expectedPurchases(39, customer));
    }

    @Test
    void theFitIsTheMaximumOfTheLikelihood() {
        double best = FITTED.logLikelihood(Cdnow.CUSTOMERS);
        for (double factor : new double[] {0.99, 1.01}) {
            assertThat(new BgNbdModel(FITTED.r() * factor, FITTED.alpha(), FITTED.a(), FITTED.b())
                    .logLikelihood(Cdnow.CUSTOMERS)).isLessThan(best);
            assertThat(new BgNbdModel(FITTED.r(), FITTED.alpha(), FITTED.a(), FITTED.b() * factor)
                    .logLikelihood(Cdnow.CUSTOMERS)).isLessThan(best);
        }
    }
}
