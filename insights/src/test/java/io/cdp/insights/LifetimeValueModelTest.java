package io.cdp.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LifetimeValueModelTest {

    private static final LifetimeValueModel FITTED = LifetimeValueModel.fit(Cdnow.CUSTOMERS);

    @Test
    void withoutDiscountingTheValueIsExpectedOrdersTimesExpectedOrderValue() {
        PurchaseHistory customer = PurchaseHistory.of(2, 30.43, 38.86, 22.35);
        double expected = FITTED.purchases().expectedPurchases(52, customer)
                * FITTED.orderValue().expectedOrderValue(customer);
        assertThat(FITTED.predictedValue(customer, 12, 52.0 / 12, 0)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void discountingLowersTheValue() {
        PurchaseHistory customer = PurchaseHistory.of(2, 30.43, 38.86, 22.35);
        assertThat(FITTED.predictedValue(customer, 12, 52.0 / 12, 0.01))
                .isLessThan(FITTED.predictedValue(customer, 12, 52.0 / 12, 0));
    }

    /**
     * The reference implementation's documented example ({@code lifetimes}' quick-start: twelve periods
     * of 30 time units, 1 % discount per period, CDNOW customers 1, 2 and 3 worth 140.096211,
     * 18.943467 and 38.180574); its optimiser stops at slightly different parameters, so four digits.
     */
    @Test
    void matchesTheReferenceImplementationsDocumentedValues() {
        String[] documented = {"140.1", "18.94", "38.18"};
        for (int customer = 0; customer < documented.length; customer++) {
            Cdnow.assertSameSignificantDigits(
                    FITTED.predictedValue(Cdnow.CUSTOMERS.get(customer), 12, 30, 0.01), documented[customer]);
        }
    }

    @Test
    void aScoreGathersTheFiguresOfOneCustomerOverTheHorizon() {
        PurchaseHistory customer = PurchaseHistory.of(2, 30.43, 38.86, 22.35);
        CustomerValue score = FITTED.score(customer, Horizon.of(12, 30, 0.01));
        assertThat(score.probabilityAlive()).isEqualTo(FITTED.purchases().probabilityAlive(customer));
        assertThat(score.expectedOrders()).isEqualTo(FITTED.purchases().expectedPurchases(360, customer));
        assertThat(score.expectedOrderValue()).isEqualTo(FITTED.orderValue().expectedOrderValue(customer));
        assertThat(score.predictedValue()).isEqualTo(FITTED.predictedValue(customer, 12, 30, 0.01));
        assertThat(score.basis()).isEqualTo(CustomerValue.Basis.CUSTOMER);
    }

    @Test
    void aCustomerWithoutRepeatOrdersGetsThePopulationPriorAndSaysSo() {
        CustomerValue score = FITTED.score(PurchaseHistory.of(0, 0, 30), Horizon.of(12, 30, 0.01));
        GammaGammaModel value = FITTED.orderValue();
        assertThat(score.basis()).isEqualTo(CustomerValue.Basis.POPULATION_PRIOR);
        assertThat(score.probabilityAlive()).isEqualTo(1.0);
        assertThat(score.expectedOrderValue()).isCloseTo(value.p() * value.gamma() / (value.q() - 1), within(1e-9));
    }

    @Test
    void aHorizonRefusesNegativePeriodsAndDiscountsOfMinusOneOrLess() {
        assertThatIllegalArgumentException().isThrownBy(() -> Horizon.of(-1, 30, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> Horizon.of(12, 30, -1));
        assertThatIllegalArgumentException().isThrownBy(() -> Horizon.of(12, 0, 0));
    }
}
