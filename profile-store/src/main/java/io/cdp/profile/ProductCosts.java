package io.cdp.profile;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Unit costs of products kept outside the order events (ingestion's product-cost import), for order lines that
 * carry no {@code cost} of their own: the timeline's cost of goods ({@link TimelineFields#COST_MICROS}) covers them
 * too. The profile store owns this port because it computes those fields; the module that imports the costs
 * implements it. Without an implementation no line gets a cost from outside its event.
 */
@FunctionalInterface
public interface ProductCosts {

    ProductCosts NONE = (productId, at) -> Optional.empty();

    /**
     * The unit cost of {@code productId} valid at {@code at}, in the reporting currency; empty when none is known
     * for that time or its currency has no exchange rate then. Called for each order line without a cost, so an
     * implementation answers from memory.
     */
    Optional<BigDecimal> unitCost(String productId, Instant at);
}
