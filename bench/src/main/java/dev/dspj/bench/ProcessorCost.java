package dev.dspj.bench;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * What DSPJ's annotation processor adds to compile time. Writes {@code N} distinct
 * {@code @Signature} interfaces (default 200) with mixed field types (String, int, double, an
 * enum, List&lt;String&gt;, a record) into a temporary directory and compiles them in-process
 * with {@link javax.tools.JavaCompiler}, a fresh compiler task and file manager each time, in
 * these variants, interleaved, after warm-up rounds:
 *
 * <ul>
 *   <li>{@code interfaces}: {@code -proc:none}, the interfaces alone (no processor);</li>
 *   <li>{@code processor}: the DSPJ processor on the processor path, as a user's build has it:
 *       processing, then compiling the interfaces and all generated sources. javac loads the
 *       processor in a new class loader for each compilation, so its code always starts cold,
 *       as in a build, while javac's own code is warm after the warm-up rounds;</li>
 *   <li>{@code processor-warm}: the same, with processor instances from one class loader kept
 *       across compilations, so the processor's code is JIT-compiled like javac's;</li>
 *   <li>{@code handwritten}: {@code -proc:none}, the interfaces plus the sources the processor
 *       generated, as plain sources: what the same code costs when it is not generated;</li>
 *   <li>{@code proc-only}: {@code -proc:only} with the processor: parsing, entering and annotation
 *       processing, no class files;</li>
 *   <li>{@code filer-floor}: a processor that does no work and only writes the text DSPJ generated
 *       through the {@code Filer} ({@link FilerFloor}): what javac charges any source-generating
 *       processor for these files;</li>
 *   <li>{@code handwritten-nested} and {@code filer-floor-nested}: the same two with each
 *       signature's five generated files folded into one.</li>
 * </ul>
 *
 * <p>A {@link TaskListener} also times the annotation-processing phase inside the
 * {@code processor} and {@code processor-warm} runs (all rounds: the processor itself plus javac parsing and entering the
 * generated files between rounds).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.dspj.bench.ProcessorCost [signatures] [reps] [warmups]}.
 * The classpath and processor jars come from {@code bench/target/cost-lib} (written by the
 * build), or from the system property {@code dspj.cost.lib}.
 */
public final class ProcessorCost {

    private static final String PACKAGE = "bench.gen";

    private ProcessorCost() {}

    /** The outcome of one compilation. */
    record Run(long wallNanos, long processingNanos, int generatedFiles) {}

    /** The jars a compilation uses. */
    record Libraries(List<File> classpath, List<File> processorpath, ClassLoader processorLoader) {

        static Libraries find() {
            Path lib =
                    Path.of(System.getProperty("dspj.cost.lib", defaultLibDir().toString()));
            List<File> classpath = jars(lib.resolve("classpath"));
            List<File> processorpath = jars(lib.resolve("processorpath"));
            if (classpath.isEmpty() || processorpath.isEmpty()) {
                throw new IllegalStateException("no jars under " + lib.toAbsolutePath()
                        + "/{classpath,processorpath}: build the bench module first (mvn -pl bench package)"
                        + " or set -Ddspj.cost.lib");
            }
            URL[] urls = new URL[processorpath.size()];
            for (int i = 0; i < urls.length; i++) {
                try {
                    urls[i] = processorpath.get(i).toURI().toURL();
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
            // one loader for all warm runs, so the processor's code is JIT-compiled like javac's
            return new Libraries(
                    classpath,
                    processorpath,
                    new URLClassLoader("dspj-processor", urls, ClassLoader.getPlatformClassLoader()));
        }

        private static Path defaultLibDir() {
            try {
                // target/classes or target/benchmarks.jar: cost-lib is beside it, in target/
                Path here = Path.of(ProcessorCost.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI());
                return here.getParent().resolve("cost-lib");
            } catch (URISyntaxException | SecurityException | NullPointerException e) {
                return Path.of("bench", "target", "cost-lib");
            }
        }

        private static List<File> jars(Path dir) {
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.toString().endsWith(".jar"))
                        .sorted()
                        .map(Path::toFile)
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Runs the measurement and prints a report.
     *
     * @param args signature count (200), measured repetitions (5), warm-up rounds (3)
     * @throws IOException when the temporary files cannot be written
     */
    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Libraries libraries = Libraries.find();
        Path root = Files.createTempDirectory("dspj-processor-cost");
        try {
            Map<String, List<Run>> runs = measure(root, libraries, count, reps, warmups);
            if (runs.values().stream().anyMatch(List::isEmpty)) {
                System.out.println("some variants were not selected (-Ddspj.cost.variants): no report");
                return;
            }
            report(runs, count, reps, warmups, libraries);
        } finally {
            deleteRecursively(root);
        }
    }

    /** Lines of source the compiler reads in the interfaces-only and generated variants. */
    private static long interfaceLines;

    private static long generatedLines;

    /** The measured runs of each variant, by variant name, in the order the variants are listed above. */
    static Map<String, List<Run>> measure(Path root, Libraries libraries, int count, int reps, int warmups)
            throws IOException {
        Path sources = root.resolve("src");
        List<Path> interfaces = writeSources(sources, count);
        // one processor run to collect the generated sources for the hand-written variant
        Path generated = root.resolve("generated");
        Run first = compile(interfaces, libraries, Variant.PROCESSOR, root.resolve("probe-out"), generated);
        if (first.generatedFiles() == 0) {
            throw new IllegalStateException("the processor generated nothing");
        }
        List<Path> handwritten = new ArrayList<>(interfaces);
        try (Stream<Path> files = Files.walk(generated)) {
            files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(handwritten::add);
        }
        List<FilerFloor.GeneratedSource> fiveFiles = FilerFloor.read(generated);
        List<FilerFloor.GeneratedSource> oneFile = FilerFloor.nested(fiveFiles);
        List<Path> handwrittenNested = new ArrayList<>(interfaces);
        handwrittenNested.addAll(FilerFloor.write(root.resolve("nested"), oneFile));
        interfaceLines = lines(interfaces);
        generatedLines = lines(handwritten) - interfaceLines;
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        for (Variant variant : Variant.values()) {
            runs.put(variant.label, new ArrayList<>());
        }
        for (int round = 0; round < warmups + reps; round++) {
            boolean measured = round >= warmups;
            for (Variant variant : Variant.values()) {
                if (!selected(variant)) {
                    continue;
                }
                List<Path> files = switch (variant) {
                    case HANDWRITTEN -> handwritten;
                    case HANDWRITTEN_NESTED -> handwrittenNested;
                    default -> interfaces;
                };
                List<FilerFloor.GeneratedSource> replay = switch (variant) {
                    case FILER_FLOOR -> fiveFiles;
                    case FILER_FLOOR_NESTED -> oneFile;
                    default -> List.of();
                };
                Path out = root.resolve("out-" + round + "-" + variant.label);
                Path gen = root.resolve("gen-" + round + "-" + variant.label);
                Run run = compile(files, libraries, variant, out, gen, replay);
                deleteRecursively(out);
                deleteRecursively(gen);
                if (measured) {
                    runs.get(variant.label).add(run);
                }
                System.err.printf(
                        Locale.ROOT,
                        "%s %-12s %8.1f ms%n",
                        measured ? "run   " : "warmup",
                        variant.label,
                        run.wallNanos() / 1e6);
            }
        }
        return runs;
    }

    /** Whether the variant is measured: all unless {@code -Ddspj.cost.variants=a,b} lists some (for profiling). */
    private static boolean selected(Variant variant) {
        String only = System.getProperty("dspj.cost.variants", "");
        return only.isBlank() || Arrays.asList(only.split(",")).contains(variant.label);
    }

    /** The compiler configurations measured. */
    enum Variant {
        INTERFACES("interfaces", "(a)  interfaces only, -proc:none"),
        PROCESSOR("processor", "(b)  DSPJ processor from -processorpath (new loader per compile)"),
        PROCESSOR_WARM("processor-warm", "(b') DSPJ processor from one reused loader (JIT-warm processor)"),
        HANDWRITTEN("handwritten", "(c)  interfaces + the generated sources, -proc:none"),
        PROC_ONLY("proc-only", "(d)  -proc:only, DSPJ processor from -processorpath"),
        FILER_FLOOR("filer-floor", "(e)  Filer floor: a do-nothing processor writes the same files"),
        HANDWRITTEN_NESTED("handwritten-nested", "(c1) as (c), each signature's 5 files nested into 1"),
        FILER_FLOOR_NESTED("filer-floor-nested", "(e1) as (e), each signature's 5 files nested into 1");

        final String label;
        /** The variant's row in the report. */
        final String description;

        Variant(String label, String description) {
            this.label = label;
            this.description = description;
        }
    }

    /** Compiles the files with a fresh compiler task; fails on any compilation error. */
    static Run compile(List<Path> files, Libraries libraries, Variant variant, Path out, Path generated)
            throws IOException {
        return compile(files, libraries, variant, out, generated, List.of());
    }

    /** Compiles the files; the {@code filer-floor} variants write {@code replay} through the Filer. */
    static Run compile(
            List<Path> files,
            Libraries libraries,
            Variant variant,
            Path out,
            Path generated,
            List<FilerFloor.GeneratedSource> replay)
            throws IOException {
        Files.createDirectories(out);
        Files.createDirectories(generated);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = new ArrayList<>(List.of(
                "--release",
                "17",
                "-encoding",
                "UTF-8",
                "-d",
                out.toString(),
                "-s",
                generated.toString(),
                "-classpath",
                join(libraries.classpath())));
        switch (variant) {
            case INTERFACES, HANDWRITTEN, HANDWRITTEN_NESTED -> options.add("-proc:none");
            case FILER_FLOOR, FILER_FLOOR_NESTED -> {} // the replaying processor is handed to the task below
            case PROCESSOR -> options.addAll(List.of("-processorpath", join(libraries.processorpath())));
            case PROC_ONLY -> options.addAll(List.of("-proc:only", "-processorpath", join(libraries.processorpath())));
            case PROCESSOR_WARM -> {} // the processor instance is handed to the task below
            default -> throw new IllegalArgumentException(variant.toString());
        }
        long[] processing = new long[2];
        long start = System.nanoTime();
        boolean ok;
        try (StandardJavaFileManager fileManager =
                javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) javac.getTask(
                    null, fileManager, diagnostics, options, null, fileManager.getJavaFileObjectsFromPaths(files));
            if (variant == Variant.PROCESSOR_WARM) {
                List<Processor> processors = new ArrayList<>();
                ServiceLoader.load(Processor.class, libraries.processorLoader()).forEach(processors::add);
                task.setProcessors(processors);
            } else if (variant == Variant.FILER_FLOOR || variant == Variant.FILER_FLOOR_NESTED) {
                task.setProcessors(List.of(FilerFloor.replaying(replay)));
            }
            task.addTaskListener(new TaskListener() {
                @Override
                public void started(TaskEvent event) {
                    if (event.getKind() == TaskEvent.Kind.ANNOTATION_PROCESSING) {
                        processing[0] = System.nanoTime();
                    }
                }

                @Override
                public void finished(TaskEvent event) {
                    if (event.getKind() == TaskEvent.Kind.ANNOTATION_PROCESSING) {
                        processing[1] += System.nanoTime() - processing[0];
                    }
                }
            });
            ok = task.call();
        }
        long wall = System.nanoTime() - start;
        List<Diagnostic<? extends JavaFileObject>> errors = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .toList();
        if (!ok || !errors.isEmpty()) {
            throw new IllegalStateException(variant.label + " compilation failed: "
                    + errors.stream().limit(5).map(Object::toString).collect(Collectors.joining("\n")));
        }
        int generatedFiles;
        try (Stream<Path> walk = Files.walk(generated)) {
            generatedFiles =
                    (int) walk.filter(p -> p.toString().endsWith(".java")).count();
        }
        return new Run(wall, processing[1], generatedFiles);
    }

    private static long lines(List<Path> files) throws IOException {
        long total = 0;
        for (Path file : files) {
            try (Stream<String> lines = Files.lines(file)) {
                total += lines.count();
            }
        }
        return total;
    }

    private static String join(List<File> files) {
        return files.stream().map(File::getPath).collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * Writes the shared model types (an enum and a record) and {@code count} distinct signatures.
     *
     * @param dir the source root
     * @param count how many signatures
     * @return the source files
     * @throws IOException when writing fails
     */
    static List<Path> writeSources(Path dir, int count) throws IOException {
        List<Path> files = new ArrayList<>();
        Path model = dir.resolve(PACKAGE.replace('.', '/')).resolve("model");
        Files.createDirectories(model);
        files.add(write(model.resolve("Priority.java"), """
                package %s.model;

                /** How urgent something is. */
                public enum Priority { LOW, MEDIUM, HIGH, CRITICAL }
                """.formatted(PACKAGE)));
        files.add(write(model.resolve("Address.java"), """
                package %s.model;

                /** A postal address. */
                public record Address(String street, String city, int zip) { }
                """.formatted(PACKAGE)));
        for (int i = 0; i < count; i++) {
            String pkg = PACKAGE + ".p" + (i % 10);
            Path packageDir = dir.resolve(pkg.replace('.', '/'));
            Files.createDirectories(packageDir);
            files.add(write(packageDir.resolve("Task" + i + ".java"), signatureSource(pkg, i)));
        }
        return files;
    }

    /** The field types the signatures mix, with a name stem for fields of that type. */
    private static final String[][] TYPES = {
        {"String", "text"},
        {"int", "count"},
        {"double", "score"},
        {"Priority", "priority"},
        {"List<String>", "items"},
        {"Address", "address"},
    };

    /** One signature: 2 to 4 inputs and 1 to 3 outputs, types rotating with the index. */
    static String signatureSource(String pkg, int index) {
        StringBuilder body = new StringBuilder();
        int inputs = 2 + index % 3;
        int outputs = 1 + (index / 3) % 3;
        for (int f = 0; f < inputs + outputs; f++) {
            boolean input = f < inputs;
            String[] type = TYPES[(index + 5 * f) % TYPES.length];
            String name = (input ? "in" : "out") + Character.toUpperCase(type[1].charAt(0)) + type[1].substring(1) + f;
            body.append("""

                        /** @return field %d */
                        @%s(desc = "%s %s %d of task %d")
                        %s %s();
                    """.formatted(
                            f,
                            input ? "InputField" : "OutputField",
                            input ? "input" : "output",
                            type[1],
                            f,
                            index,
                            type[0],
                            name));
        }
        return """
                package %s;

                import %s.model.Address;
                import %s.model.Priority;
                import dev.dspj.annotations.InputField;
                import dev.dspj.annotations.OutputField;
                import dev.dspj.annotations.Signature;
                import java.util.List;

                /** Task %d. */
                @Signature("Perform task number %d: read the inputs and produce the outputs.")
                public interface Task%d {
                %s}
                """.formatted(pkg, PACKAGE, PACKAGE, index, index, index, body);
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static double medianMillis(List<Run> runs, boolean processing) {
        double[] values = runs.stream()
                .mapToDouble(r -> (processing ? r.processingNanos() : r.wallNanos()) / 1e6)
                .sorted()
                .toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static String all(List<Run> runs) {
        return runs.stream()
                .map(r -> String.format(Locale.ROOT, "%.0f", r.wallNanos() / 1e6))
                .collect(Collectors.joining(", "));
    }

    private static void report(Map<String, List<Run>> runs, int count, int reps, int warmups, Libraries libraries) {
        double interfaces = medianMillis(runs.get("interfaces"), false);
        double processor = medianMillis(runs.get("processor"), false);
        double warm = medianMillis(runs.get("processor-warm"), false);
        double handwritten = medianMillis(runs.get("handwritten"), false);
        double phase = medianMillis(runs.get("processor"), true);
        double warmPhase = medianMillis(runs.get("processor-warm"), true);
        double floorPhase = medianMillis(runs.get("filer-floor"), true);
        double nestedHandwritten = medianMillis(runs.get("handwritten-nested"), false);
        double nestedFloorPhase = medianMillis(runs.get("filer-floor-nested"), true);
        int generated = runs.get("processor").get(0).generatedFiles();
        System.out.printf(
                Locale.ROOT,
                "DSPJ processor cost: %d @Signature interfaces (+2 model types), %d generated files,"
                        + " %d warm-up rounds, %d measured rounds, interleaved; java %s, %d CPUs%n",
                count,
                generated,
                warmups,
                reps,
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(
                Locale.ROOT,
                "source lines: %d in the interfaces and model types, %d generated (%.0f per " + "signature)%n",
                interfaceLines,
                generatedLines,
                (double) generatedLines / count);
        System.out.printf(
                Locale.ROOT,
                "classpath: %d jars (dspj-runtime and its dependencies); processor path: %s%n",
                libraries.classpath().size(),
                join(libraries.processorpath()));
        String row = "%-66s %9.1f   %s%n";
        System.out.printf(Locale.ROOT, "%-66s %9s   %s%n", "variant", "median ms", "all runs (ms)");
        for (Variant variant : Variant.values()) {
            List<Run> measured = runs.get(variant.label);
            System.out.printf(Locale.ROOT, row, variant.description, medianMillis(measured, false), all(measured));
        }
        System.out.printf(Locale.ROOT, row, "annotation-processing phase inside (b)", phase, "");
        System.out.printf(Locale.ROOT, row, "annotation-processing phase inside (b')", warmPhase, "");
        System.out.printf(Locale.ROOT, row, "annotation-processing phase inside (e)", floorPhase, "");
        System.out.printf(Locale.ROOT, row, "annotation-processing phase inside (e1)", nestedFloorPhase, "");
        System.out.printf(
                Locale.ROOT,
                "added compile time, whole:        ((b)-(a))/(a)   = %+.0f%%   ((b')-(a))/(a)   = %+.0f%%%n",
                100 * (processor - interfaces) / interfaces,
                100 * (warm - interfaces) / interfaces);
        System.out.printf(
                Locale.ROOT,
                "processing phase alone:           phase(b)/(a)    = %+.0f%%   phase(b')/(a)    = %+.0f%%%n",
                100 * phase / interfaces,
                100 * warmPhase / interfaces);
        System.out.printf(
                Locale.ROOT,
                "vs compiling the same code as-is: ((b)-(c))/(c)   = %+.0f%%   ((b')-(c))/(c)   = %+.0f%%%n",
                100 * (processor - handwritten) / handwritten,
                100 * (warm - handwritten) / handwritten);
        System.out.printf(
                Locale.ROOT,
                "processing phase vs compiling the same code as-is: phase(b)/(c) = %.0f%%   "
                        + "phase(b')/(c) = %.0f%%%n",
                100 * phase / handwritten,
                100 * warmPhase / handwritten);
        System.out.printf(
                Locale.ROOT,
                "floor of any source-generating processor: phase(e)/(c) = %.0f%%; nested layout phase(e1)/(c1) = %.0f%%%n",
                100 * floorPhase / handwritten,
                100 * nestedFloorPhase / nestedHandwritten);
        System.out.printf(
                Locale.ROOT,
                "the DSPJ processor's own share: (phase(b)-phase(e))/(c) = %.0f%%   (phase(b')-phase(e))/(c) = %.0f%%%n",
                100 * (phase - floorPhase) / handwritten,
                100 * (warmPhase - floorPhase) / handwritten);
        System.out.printf(
                Locale.ROOT,
                "target, processing phase under 40%% of (c), phase(b)/(c): %s%n",
                phase / handwritten < 0.40 ? "MET" : "NOT MET");
        System.out.printf(
                Locale.ROOT,
                "target, under 25%% added compile time ((b)-(a))/(a): %s%n",
                (processor - interfaces) / interfaces < 0.25 ? "MET" : "NOT MET");
    }
}
