package dev.dspj.lm.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A call's cost is priced per million tokens, with the digits and scale a division gives. */
class PriceTableTest {

    private static final String[] PRICES = {
        "0.15", "0.6", "2.5", "10", "0.075", "0.30", "1.10", "4.40", "0", "3", "15", "0.0000001", "123.456789"
    };

    @Test
    void costIsTheDivisionByAMillionDigitForDigitAndScaleForScale() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 50_000; i++) {
            BigDecimal input = new BigDecimal(PRICES[random.nextInt(PRICES.length)]);
            BigDecimal output = new BigDecimal(PRICES[random.nextInt(PRICES.length)]);
            long prompt = random.nextInt(5) == 0 ? random.nextLong() >>> random.nextInt(64) : random.nextInt(100_000);
            long completion = random.nextInt(3) == 0 ? 0 : random.nextInt(5_000);
            BigDecimal expected = input.multiply(BigDecimal.valueOf(prompt))
                    .add(output.multiply(BigDecimal.valueOf(completion)))
                    .divide(BigDecimal.valueOf(1_000_000), MathContext.DECIMAL64);
            PriceTable table = PriceTable.empty().with("m", new PriceTable.Price(input, output));
            BigDecimal cost = table.cost("m", prompt, completion);
            assertEquals(expected, cost, input + "/" + output + " for " + prompt + " + " + completion + " tokens");
        }
    }

    @Test
    void aProviderPrefixFallsBackToTheBareModelNameAndAnUnknownModelIsFree() {
        PriceTable table = PriceTable.empty().with("gpt-x", "1", "2");
        assertEquals(new BigDecimal("0.000005"), table.cost("openai/gpt-x", 1, 2));
        assertEquals(BigDecimal.ZERO, table.cost("other", 1_000, 1_000));
        assertEquals(BigDecimal.ZERO, table.cost("openai/other", 1_000, 1_000));
    }
}
