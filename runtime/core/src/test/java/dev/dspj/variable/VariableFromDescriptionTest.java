package dev.dspj.variable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Variable#fromDescription(String)} reads back what {@link Variable#describe()} writes. */
class VariableFromDescriptionTest {

    private enum Mode {
        FAST,
        SLOW
    }

    @Test
    void everyKindReadsBackEqual() {
        List<Variable> variables = List.of(
                Variable.choice("adapter", List.of("chat", "json", "xml"), "json"),
                Variable.choice("prompt", List.of("be brief", "say default please", "x default y"), "x default y"),
                Variable.ofEnum("mode", Mode.class, Mode.SLOW),
                Variable.bool("cot", true),
                Variable.integer("demos", 0, 8, 2, 4),
                Variable.integer("offset", -5, 5, 1, -3),
                Variable.real("temperature", 0.0, 1.5, false, 0.7),
                Variable.real("rate", 1e-5, 0.1, true, 1e-3),
                Variable.integer("hops", 1, 4, 1, 2).when("strategy", "MULTI_HOP", "TREE"),
                Variable.bool("byTopic['sports news'].cot", false).when("adapter", "chat"),
                Variable.choice("model", List.of("a", "b"), "a").when("cot", "true"));
        for (Variable variable : variables) {
            Variable read = Variable.fromDescription(variable.describe());
            assertEquals(variable, read, variable.describe());
            assertEquals(variable.describe(), read.describe());
        }
    }

    @Test
    void aSpaceOfDescribedVariablesIsRebuilt() {
        VariableSpace space = VariableSpace.of(
                Variable.choice("strategy", List.of("SINGLE", "MULTI_HOP"), "SINGLE"),
                Variable.integer("hops", 1, 4, 1, 2).when("strategy", "MULTI_HOP"));
        VariableSpace read = VariableSpace.of(space.variables().stream()
                .map(variable -> Variable.fromDescription(variable.describe()))
                .toList());
        assertEquals(space.variables(), read.variables());
    }

    @Test
    void linesDescribeNeverWritesAreRefusedWithTheLine() {
        for (String line : List.of(
                "",
                "temperature",
                "temperature real [0, 1] default 0",
                "temperature float [0.0, 1.0] default warm",
                "temperature float [0.0 1.0] default 0.5",
                "cot boolean false|true default maybe",
                "demos integer [0..8 step 3] default 4",
                "adapter choice chat|json default xml",
                "hops integer [1..4] default 2 when =x")) {
            IllegalArgumentException error =
                    assertThrows(IllegalArgumentException.class, () -> Variable.fromDescription(line), line);
            assertTrue(error.getMessage().contains("'" + line + "'"), error.getMessage());
        }
    }
}
