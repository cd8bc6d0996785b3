package dev.dspj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor-cost harness measures what it claims: distinct, mixed signatures that all compile. */
class ProcessorCostTest {

    @TempDir
    Path dir;

    @Test
    void signaturesAreDistinctAndMixEveryFieldType() {
        Set<String> sources = new HashSet<>();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String source = ProcessorCost.signatureSource("bench.gen.p" + (i % 10), i);
            sources.add(source.replaceAll("\\d+", "#"));
            all.append(source);
        }
        assertTrue(sources.size() >= 9, "field layouts vary, got " + sources.size());
        for (String type : List.of(" String in", " int ", " double ", " Priority ", " List<String> ", " Address ")) {
            assertTrue(all.indexOf(type) >= 0, "some signature uses" + type);
        }
        for (String type : List.of(
                " String out", " int out", " double out", " Priority out", " List<String> out", " Address out")) {
            assertTrue(all.indexOf(type) >= 0, "some output has type" + type);
        }
    }

    @Test
    void theProcessorGeneratesFiveFilesPerSignatureThatCompileOnTheirOwn() throws IOException {
        ProcessorCost.Libraries libraries = ProcessorCost.Libraries.find();
        List<Path> interfaces = ProcessorCost.writeSources(dir.resolve("src"), 3);

        ProcessorCost.Run plain = ProcessorCost.compile(
                interfaces, libraries, ProcessorCost.Variant.INTERFACES, dir.resolve("out-a"), dir.resolve("gen-a"));
        assertEquals(0, plain.generatedFiles());
        assertEquals(0, plain.processingNanos(), "-proc:none runs no processing phase");

        Path generated = dir.resolve("gen-b");
        ProcessorCost.Run processed = ProcessorCost.compile(
                interfaces, libraries, ProcessorCost.Variant.PROCESSOR_WARM, dir.resolve("out-b"), generated);
        assertEquals(15, processed.generatedFiles(), "Signature, Input, Output, Example, Predictor per interface");
        assertTrue(processed.processingNanos() > 0);
        assertTrue(Files.exists(dir.resolve("out-b/bench/gen/p0/Task0Predictor.class")));

        List<Path> handwritten = new ArrayList<>(interfaces);
        try (Stream<Path> files = Files.walk(generated)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(handwritten::add);
        }
        ProcessorCost.compile(
                handwritten, libraries, ProcessorCost.Variant.HANDWRITTEN, dir.resolve("out-c"), dir.resolve("gen-c"));
        assertTrue(Files.exists(dir.resolve("out-c/bench/gen/p2/Task2Signature.class")));

        List<FilerFloor.GeneratedSource> fiveFiles = FilerFloor.read(generated);
        ProcessorCost.Run floor = ProcessorCost.compile(
                interfaces,
                libraries,
                ProcessorCost.Variant.FILER_FLOOR,
                dir.resolve("out-e"),
                dir.resolve("gen-e"),
                fiveFiles);
        assertEquals(15, floor.generatedFiles(), "the floor writes the same files");
        assertTrue(floor.processingNanos() > 0);
        assertTrue(Files.exists(dir.resolve("out-e/bench/gen/p1/Task1Predictor.class")));

        List<FilerFloor.GeneratedSource> oneFile = FilerFloor.nested(fiveFiles);
        assertEquals(3, oneFile.size(), "one file per signature");
        ProcessorCost.Run nested = ProcessorCost.compile(
                interfaces,
                libraries,
                ProcessorCost.Variant.FILER_FLOOR_NESTED,
                dir.resolve("out-e1"),
                dir.resolve("gen-e1"),
                oneFile);
        assertEquals(3, nested.generatedFiles());
        assertTrue(Files.exists(dir.resolve("out-e1/bench/gen/p1/Task1Signature$Task1Predictor.class")));
    }
}
