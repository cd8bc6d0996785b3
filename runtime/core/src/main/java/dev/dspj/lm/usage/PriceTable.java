package dev.dspj.lm.usage;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices per million tokens, by model name, to turn usage into cost. Immutable: {@link #with}
 * returns an extended table. Names match with or without the provider prefix
 * ({@code openai/gpt-4o-mini} and {@code gpt-4o-mini}).
 */
public final class PriceTable {

    /**
     * A model's prices.
     *
     * @param inputPerMillion USD per million prompt tokens
     * @param outputPerMillion USD per million completion tokens
     */
    public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
        /**
         * Validates the prices.
         *
         * @param inputPerMillion USD per million prompt tokens
         * @param outputPerMillion USD per million completion tokens
         */
        public Price {
            if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
                throw new IllegalArgumentException(
                        "prices must not be negative: " + inputPerMillion + ", " + outputPerMillion);
            }
        }

        /**
         * The cost of a call at these prices.
         *
         * @param promptTokens prompt tokens
         * @param completionTokens completion tokens
         * @return USD
         */
        public BigDecimal cost(long promptTokens, long completionTokens) {
            BigDecimal total = inputPerMillion
                    .multiply(BigDecimal.valueOf(promptTokens))
                    .add(outputPerMillion.multiply(BigDecimal.valueOf(completionTokens)));
            return perMillion(total);
        }
    }

    private static final PriceTable DEFAULTS = new PriceTable(Map.of())
            // Published list prices (USD per 1M tokens) at the time of writing; extend or override with with(...).
            .with("gpt-4o-mini", "0.15", "0.60")
            .with("gpt-4o", "2.50", "10.00")
            .with("gpt-4.1", "2.00", "8.00")
            .with("gpt-4.1-mini", "0.40", "1.60")
            .with("gpt-4.1-nano", "0.10", "0.40")
            .with("o4-mini", "1.10", "4.40")
            .with("claude-sonnet-4-5", "3.00", "15.00")
            .with("claude-haiku-4-5", "1.00", "5.00")
            .with("claude-opus-4-1", "15.00", "75.00")
            // The simulated model's profiles.
            .with("sim-small", "0.10", "0.40")
            .with("sim-medium", "0.50", "2.00")
            .with("sim-large", "3.00", "12.00");

    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    /**
     * The built-in prices of common models.
     *
     * @return the table
     */
    public static PriceTable defaults() {
        return DEFAULTS;
    }

    /**
     * An empty table (every model costs nothing).
     *
     * @return the table
     */
    public static PriceTable empty() {
        return new PriceTable(Map.of());
    }

    /**
     * Returns a table with one model's prices added or replaced.
     *
     * @param model the model name
     * @param inputPerMillion USD per million prompt tokens, as a decimal string
     * @param outputPerMillion USD per million completion tokens
     * @return the extended table
     */
    public PriceTable with(String model, String inputPerMillion, String outputPerMillion) {
        return with(model, new Price(new BigDecimal(inputPerMillion), new BigDecimal(outputPerMillion)));
    }

    /**
     * Returns a table with one model's prices added or replaced.
     *
     * @param model the model name
     * @param price the prices
     * @return the extended table
     */
    public PriceTable with(String model, Price price) {
        Map<String, Price> copy = new LinkedHashMap<>(prices);
        copy.put(Objects.requireNonNull(model, "model"), Objects.requireNonNull(price, "price"));
        return new PriceTable(copy);
    }

    /**
     * The prices of a model.
     *
     * @param model the model name, with or without a provider prefix
     * @return the prices, if known
     */
    public Optional<Price> price(String model) {
        Price exact = prices.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        int slash = model.lastIndexOf('/');
        return slash >= 0 ? Optional.ofNullable(prices.get(model.substring(slash + 1))) : Optional.empty();
    }

    /**
     * The cost of a call; zero for a model with no known price.
     *
     * @param model the model name
     * @param promptTokens prompt tokens
     * @param completionTokens completion tokens
     * @return USD
     */
    public BigDecimal cost(String model, long promptTokens, long completionTokens) {
        Price price = prices.get(model);
        if (price == null) {
            int slash = model.lastIndexOf('/');
            price = slash >= 0 ? prices.get(model.substring(slash + 1)) : null;
        }
        return price == null ? BigDecimal.ZERO : price.cost(promptTokens, completionTokens);
    }

    /**
     * {@code total / 1,000,000} as {@code divide(1_000_000, DECIMAL64)} gives it (the same digits
     * and scale), by moving the decimal point instead of dividing.
     */
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private static BigDecimal perMillion(BigDecimal total) {
        BigDecimal quotient = total.movePointLeft(6);
        if (quotient.precision() > MathContext.DECIMAL64.getPrecision()) {
            return total.divide(MILLION, MathContext.DECIMAL64);
        }
        // divide strips trailing zeros down to its preferred scale, the dividend's
        BigDecimal stripped = quotient.stripTrailingZeros();
        return stripped.scale() < total.scale() ? stripped.setScale(total.scale()) : stripped;
    }
}
