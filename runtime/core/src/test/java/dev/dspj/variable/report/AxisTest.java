package dev.dspj.variable.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AxisTest {

    @Test
    void linearTicksAreRoundNumbersCoveringTheData() {
        Axis axis = Axis.linear(0.4512, 0.8633, "", 6);
        assertEquals(List.of(0.4, 0.5, 0.6, 0.7, 0.8, 0.9), axis.ticks());
        assertEquals(0.4, axis.low(), 1e-12);
        assertEquals(0.9, axis.high(), 1e-12);
        assertEquals("0.5", axis.label(0.5));
        assertEquals(0.0, axis.fraction(0.4), 1e-12);
        assertEquals(1.0, axis.fraction(0.9), 1e-12);
    }

    @Test
    void ticksCarryTheUnit() {
        Axis dollars = Axis.linear(0.00013, 0.00088, "$", 6);
        assertEquals("$0.0002", dollars.label(0.0002));
        assertEquals(List.of(0.0, 0.0002, 0.0004, 0.0006, 0.0008, 0.001), dollars.ticks());
        Axis millis = Axis.linear(210, 2970, "ms", 6);
        assertEquals(List.of(0.0, 1000.0, 2000.0, 3000.0), millis.ticks());
        assertEquals("2000 ms", millis.label(2000));
    }

    @Test
    void anEmptyRangeIsWidenedAroundItsValue() {
        Axis axis = Axis.linear(0.8, 0.8, "", 6);
        assertTrue(axis.low() < 0.8 && axis.high() > 0.8, axis.low() + ".." + axis.high());
        Axis zero = Axis.linear(0, 0, "", 6);
        assertTrue(zero.low() < 0 && zero.high() > 0);
    }

    @Test
    void integralTicksAreWholeNumbers() {
        Axis trials = Axis.integral(0, 3, "", 10);
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0), trials.ticks());
        assertEquals("2", trials.label(2));
    }

    @Test
    void logTicksAreOneTwoAndFiveTimesPowersOfTen() {
        Axis axis = Axis.log(0.00012, 0.0106, "$");
        assertTrue(axis.isLog());
        assertEquals(List.of(0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01), axis.ticks());
        assertEquals("$0.0005", axis.label(0.0005));
        assertEquals(0.5, axis.fraction(Math.sqrt(axis.low() * axis.high())), 1e-9);
        assertTrue(Axis.wantsLog(0.00012, 0.0106));
        assertFalse(Axis.wantsLog(0.001, 0.0106));
        assertFalse(Axis.wantsLog(0, 1));
        assertFalse(Axis.log(0, 1, "").isLog(), "a range from zero falls back to linear");
    }

    @Test
    void aWideLogRangeKeepsOnlyThePowersOfTen() {
        assertEquals(
                List.of(0.001, 0.01, 0.1, 1.0, 10.0, 100.0),
                Axis.log(0.001, 100, "").ticks());
    }
}
