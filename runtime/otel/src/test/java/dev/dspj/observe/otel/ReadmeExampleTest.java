package dev.dspj.observe.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's example runs and prints the program's span tree. */
class ReadmeExampleTest {

    @Test
    void theExamplePrintsTheSpanTree() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReadmeExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        List<String> lines = printed.lines().toList();
        assertEquals(9, lines.size(), printed);
        assertEquals("dspj.module TwoStepProgram", lines.get(0));
        assertTrue(lines.get(1).startsWith("  dspj.module FactoidQa  dspj.module.path=answer"), lines.get(1));
        assertEquals("    dspj.adapter.format", lines.get(2));
        assertTrue(lines.get(3).startsWith("    chat sim-small  "), lines.get(3));
        assertTrue(lines.get(3).contains("gen_ai.usage.input_tokens="), lines.get(3));
        assertTrue(lines.get(3).contains("gen_ai.usage.output_tokens="), lines.get(3));
        assertEquals("    dspj.adapter.parse", lines.get(4));
        assertTrue(lines.get(5).startsWith("  dspj.module CheckAnswer  dspj.module.path=check"), lines.get(5));
        assertTrue(lines.get(7).startsWith("    chat sim-small  "), lines.get(7));
    }
}
