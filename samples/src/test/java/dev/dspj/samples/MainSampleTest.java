package dev.dspj.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job: evaluate, optimize, evaluate, save, load, same score. */
class MainSampleTest {

    @Test
    void optimizesSavesAndReloadsToTheSameScore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("qa.json");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Main.Result result = Main.run(new PrintStream(captured, true, StandardCharsets.UTF_8), file, false);
        String printed = captured.toString(StandardCharsets.UTF_8);

        assertTrue(
                result.optimized() >= result.zeroShot() + 0.15,
                "optimization raises the held-out score by at least 15 points: " + result + "\n" + printed);
        assertEquals(result.optimized(), result.reloaded(), 1e-9, "the saved program scores the same once loaded");
        assertTrue(
                result.report().calls() > 0 && result.report().costUsd().signum() > 0,
                result.report().summary());
        assertTrue(
                printed.contains("zero-shot") && printed.contains("optimized (") && printed.contains("loaded from"),
                printed);

        JsonNode saved = JsonMapper.builder().build().readTree(Files.readString(file));
        assertTrue(saved.has("self"), "a generated predict() program saves under DSPy's key \"self\": " + saved);
        assertTrue(saved.path("self").path("demos").size() > 0);
        assertTrue(saved.path("metadata").path("dependency_versions").has("dspy"));
    }
}
