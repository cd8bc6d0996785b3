package dev.dspj.variable.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.objective.Objective;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void objectivesAreWrittenInTheirUnit() {
        assertEquals("0.812", Formats.objective(Objective.accuracy(), 0.8123));
        assertEquals("$0.000412", Formats.objective(Objective.cost(), 0.00041234));
        assertEquals("$1.50", Formats.objective(Objective.cost(), 1.5));
        assertEquals("350 ms", Formats.objective(Objective.latency(), 349.6));
        assertEquals("4.2 ms", Formats.objective(Objective.latency(), 4.24));
        assertEquals("1234", Formats.withUnit(1234.4, ""));
        assertEquals("12.5 tokens", Formats.withUnit(12.5, "tokens"));
    }

    @Test
    void configurationValuesAreShortAndOnOneLine() {
        assertEquals("0.7135", Formats.value(0.71349));
        assertEquals("3", Formats.value(3L));
        assertEquals("true", Formats.value(true));
        assertEquals("a b c", Formats.value("a\n\tb\u001b  c"));
        assertEquals("\u2014", Formats.value(null));
        assertEquals(
                "a=x, b=2",
                Formats.configuration(
                        Configuration.builder().put("b", 2).put("a", "x").build()));
        assertEquals(
                "a=xxx\u2026",
                Formats.configuration(Configuration.builder().put("a", "xxxxxx").build(), 4));
    }

    @Test
    void truncationMarksTheCut() {
        assertEquals("abc", Formats.truncate("abc", 3));
        assertEquals("ab\u2026", Formats.truncate("abcd", 3));
        assertEquals("\u2026cd", Formats.truncateStart("abcd", 3));
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("850 ms", Formats.duration(Duration.ofMillis(850)));
        assertEquals("12.3 s", Formats.duration(Duration.ofMillis(12_345)));
        assertEquals("4 min 05 s", Formats.duration(Duration.ofSeconds(245)));
        assertEquals("2 h 03 min", Formats.duration(Duration.ofMinutes(123)));
    }
}
