package dev.dspj.lm.usage;

import dev.dspj.lm.LmResponse;
import java.math.BigDecimal;

/**
 * A model that knows what its calls cost (its own price table): how a prediction's {@link
 * dev.dspj.primitives.LmUsage} is priced. A model that is not priced is costed with {@link
 * PriceTable#defaults()} by its name.
 */
public interface PricedModel {

    /**
     * What a response cost: zero for one a cache answered.
     *
     * @param response the response
     * @return the cost in dollars
     */
    java.math.BigDecimal costOf(LmResponse response);

    /**
     * The cost of a response from any model: its own price when it is a {@link PricedModel}, else
     * the default table's price for its name (zero when the table has none).
     *
     * @param model the model's name, looked up first
     * @param priced the model, when it prices its own calls
     * @param response the response
     * @return the cost in dollars
     */
    static BigDecimal costOf(String model, Object priced, LmResponse response) {
        if (response.cached()) {
            return BigDecimal.ZERO;
        }
        if (priced instanceof PricedModel own) {
            return own.costOf(response);
        }
        PriceTable table = PriceTable.defaults();
        String name = table.price(model).isPresent() ? model : response.model();
        return table.cost(
                name, response.usage().promptTokens(), response.usage().completionTokens());
    }
}
