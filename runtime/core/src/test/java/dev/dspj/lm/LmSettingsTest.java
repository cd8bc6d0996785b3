package dev.dspj.lm;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LmSettingsTest {

    private static void assertRejected(Executable change, String... expectedParts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, change);
        for (String part : expectedParts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }

    @Test
    void defaultsSetNothing() {
        LmSettings defaults = LmSettings.DEFAULTS;

        assertEquals(Optional.empty(), defaults.temperature());
        assertEquals(Optional.empty(), defaults.maxTokens());
        assertEquals(Optional.empty(), defaults.topP());
        assertEquals(List.of(), defaults.stop());
        assertEquals(Optional.empty(), defaults.n());
        assertEquals(Optional.empty(), defaults.seed());
        assertEquals("LmSettings{}", defaults.toString());
    }

    @Test
    void everyValueCanBeSet() {
        LmSettings settings = LmSettings.DEFAULTS
                .withTemperature(0.7)
                .withMaxTokens(256)
                .withTopP(0.9)
                .withStop(List.of("\n\n"))
                .withN(3)
                .withSeed(42L);

        assertEquals(Optional.of(0.7), settings.temperature());
        assertEquals(Optional.of(256), settings.maxTokens());
        assertEquals(Optional.of(0.9), settings.topP());
        assertEquals(List.of("\n\n"), settings.stop());
        assertEquals(Optional.of(3), settings.n());
        assertEquals(Optional.of(42L), settings.seed());
        assertEquals("LmSettings{temperature=0.7 maxTokens=256 topP=0.9 stop=[\n\n] n=3 seed=42}", settings.toString());
    }

    @Test
    void withReturnsACopy() {
        LmSettings base = LmSettings.DEFAULTS.withTemperature(0.1);

        LmSettings changed = base.withTemperature(0.2);

        assertEquals(Optional.of(0.1), base.temperature());
        assertEquals(Optional.of(0.2), changed.temperature());
        assertEquals(Optional.empty(), LmSettings.DEFAULTS.temperature());
    }

    @Test
    void boundsAreAccepted() {
        assertDoesNotThrow(() -> LmSettings.DEFAULTS
                .withTemperature(0.0)
                .withTemperature(2.0)
                .withTopP(1.0)
                .withTopP(Double.MIN_VALUE)
                .withMaxTokens(1)
                .withN(1));
    }

    @Test
    void temperatureOutOfRangeNamesTheValue() {
        assertRejected(() -> LmSettings.DEFAULTS.withTemperature(2.5), "temperature", "2.5");
        assertRejected(() -> LmSettings.DEFAULTS.withTemperature(-0.1), "temperature", "-0.1");
        assertRejected(() -> LmSettings.DEFAULTS.withTemperature(Double.NaN), "temperature", "NaN");
        assertRejected(() -> LmSettings.DEFAULTS.withTemperature(Double.POSITIVE_INFINITY), "temperature", "Infinity");
    }

    @Test
    void maxTokensBelowOneNamesTheValue() {
        assertRejected(() -> LmSettings.DEFAULTS.withMaxTokens(0), "maxTokens", "got 0");
        assertRejected(() -> LmSettings.DEFAULTS.withMaxTokens(-5), "maxTokens", "-5");
    }

    @Test
    void topPOutOfRangeNamesTheValue() {
        assertRejected(() -> LmSettings.DEFAULTS.withTopP(0.0), "topP", "got 0.0");
        assertRejected(() -> LmSettings.DEFAULTS.withTopP(1.01), "topP", "1.01");
        assertRejected(() -> LmSettings.DEFAULTS.withTopP(Double.NaN), "topP", "NaN");
    }

    @Test
    void nBelowOneNamesTheValue() {
        assertRejected(() -> LmSettings.DEFAULTS.withN(0), "n", "got 0");
    }

    @Test
    void stopListIsCopied() {
        List<String> stop = new ArrayList<>(List.of("END"));
        LmSettings settings = LmSettings.DEFAULTS.withStop(stop);

        stop.add("MORE");

        assertEquals(List.of("END"), settings.stop());
        assertThrows(UnsupportedOperationException.class, () -> settings.stop().add("x"));
        assertThrows(NullPointerException.class, () -> LmSettings.DEFAULTS.withStop(null));
    }

    @Test
    void mergeTakesEverySetOverride() {
        LmSettings base = LmSettings.DEFAULTS
                .withTemperature(0.2)
                .withMaxTokens(100)
                .withStop(List.of("a"))
                .withSeed(1);
        LmSettings overrides =
                LmSettings.DEFAULTS.withMaxTokens(10).withTopP(0.5).withN(2);

        LmSettings merged = base.merge(overrides);

        assertEquals(Optional.of(0.2), merged.temperature());
        assertEquals(Optional.of(10), merged.maxTokens());
        assertEquals(Optional.of(0.5), merged.topP());
        assertEquals(List.of("a"), merged.stop());
        assertEquals(Optional.of(2), merged.n());
        assertEquals(Optional.of(1L), merged.seed());
        assertEquals(
                List.of("b"),
                base.merge(LmSettings.DEFAULTS.withStop(List.of("b"))).stop());
        assertEquals(
                Optional.of(9L), base.merge(LmSettings.DEFAULTS.withSeed(9)).seed());
        assertEquals(
                Optional.of(1.0),
                base.merge(LmSettings.DEFAULTS.withTemperature(1.0)).temperature());
    }

    @Test
    void mergeWithNothingIsTheSame() {
        LmSettings base = LmSettings.DEFAULTS.withTemperature(0.2);

        assertSame(base, base.merge(null));
        assertSame(base, base.merge(LmSettings.DEFAULTS));
        assertEquals(base, base.merge(LmSettings.DEFAULTS.withStop(List.of())));
    }

    @Test
    void equality() {
        LmSettings a = LmSettings.DEFAULTS.withTemperature(0.5).withStop(List.of("x"));
        LmSettings b = LmSettings.DEFAULTS.withStop(List.of("x")).withTemperature(0.5);

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, b.withN(1));
        assertNotEquals(a, b.withSeed(0));
        assertNotEquals(a, LmSettings.DEFAULTS);
    }
}
