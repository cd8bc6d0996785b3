package dev.dspj.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime's layers, bottom to top (see docs/architecture.md): a package may use packages of its
 * own layer and the layers below, never one above, and no two packages depend on each other.
 * Checked on the classes of every runtime artifact (annotations, core, http, studies, console, sim, mcp, retrieve-lucene,
 * embeddings-local), not
 * tests.
 */
class LayeredArchitectureTest {

    /** Bottom to top: the layer's name and the packages it holds ({@code ..} = with subpackages). */
    static final List<Layer> LAYERS = List.of(
            new Layer("annotations", "dev.dspj.annotations.."),
            new Layer("primitives", "dev.dspj.primitives..", "dev.dspj.observe"),
            new Layer(
                    "declarations", "dev.dspj.codec..", "dev.dspj.signature..", "dev.dspj.tool..", "dev.dspj.variable"),
            new Layer(
                    "model API",
                    "dev.dspj",
                    "dev.dspj.lm",
                    "dev.dspj.lm.retry..",
                    "dev.dspj.lm.limit..",
                    "dev.dspj.lm.usage..",
                    "dev.dspj.lm.history..",
                    "dev.dspj.lm.cache"),
            new Layer("adapters", "dev.dspj.adapter.."),
            new Layer(
                    "modules",
                    "dev.dspj.module..",
                    "dev.dspj.agent..",
                    "dev.dspj.internal",
                    "dev.dspj.retrieve",
                    "dev.dspj.streaming"),
            new Layer("data, evaluate, state", "dev.dspj.data..", "dev.dspj.evaluate..", "dev.dspj.state.."),
            new Layer("execution", "dev.dspj.execution..", "dev.dspj.study"),
            new Layer("search", "dev.dspj.variable.objective..", "dev.dspj.variable.search.."),
            new Layer(
                    "optimizers",
                    "dev.dspj.optimize..",
                    "dev.dspj.propose..",
                    "dev.dspj.variable.tune..",
                    "dev.dspj.variable.report.."),
            new Layer(
                    "implementations",
                    "dev.dspj.lm.http..",
                    "dev.dspj.lm.cache.sqlite..",
                    "dev.dspj.study.jdbc..",
                    "dev.dspj.console..",
                    "dev.dspj.mcp..",
                    "dev.dspj.retrieve.lucene..",
                    "dev.dspj.embed.local..",
                    "dev.dspj.observe.otel..",
                    "dev.dspj.observe.micrometer.."),
            new Layer("test beds", "dev.dspj.sim..", "dev.dspj.testing.."));

    private static JavaClasses runtime;

    @SuppressWarnings("ArrayRecordComponent") // a table row, never compared
    record Layer(String name, String... packages) {}

    /** Leaves out test classes, whether in test-classes folders or test jars. */
    static final class RuntimeClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/")
                    && !location.contains("-tests.jar")
                    && !location.contains("/integration-tests/");
        }
    }

    @BeforeAll
    static void importRuntime() {
        runtime = new ClassFileImporter()
                .withImportOption(new RuntimeClassesOnly())
                .importPackages("dev.dspj");
    }

    static LayeredArchitecture layers() {
        LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (Layer layer : LAYERS) {
            architecture = architecture.layer(layer.name()).definedBy(layer.packages());
        }
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            String[] above = LAYERS.subList(i + 1, LAYERS.size()).stream()
                    .map(Layer::name)
                    .toArray(String[]::new);
            architecture = architecture.whereLayer(LAYERS.get(i).name()).mayOnlyBeAccessedByLayers(above);
        }
        return architecture.whereLayer(LAYERS.get(LAYERS.size() - 1).name()).mayNotBeAccessedByAnyLayer();
    }

    @Test
    void everyRuntimeArtifactIsImported() {
        List<String> packages = runtime.stream()
                .map(javaClass -> javaClass.getPackageName())
                .distinct()
                .sorted()
                .collect(Collectors.toList());
        for (String expected : List.of(
                "dev.dspj.primitives",
                "dev.dspj.lm.http",
                "dev.dspj.study.jdbc",
                "dev.dspj.lm.cache.sqlite",
                "dev.dspj.console",
                "dev.dspj.sim",
                "dev.dspj.mcp",
                "dev.dspj.retrieve",
                "dev.dspj.retrieve.lucene",
                "dev.dspj.embed.local",
                "dev.dspj.optimize")) {
            assertTrue(packages.contains(expected), expected + " not among " + packages);
        }
    }

    @Test
    void everyPackageIsInALayer() {
        List<String> unplaced = runtime.stream()
                .map(javaClass -> javaClass.getPackageName())
                .distinct()
                .filter(name -> LAYERS.stream()
                        .flatMap(layer -> List.of(layer.packages()).stream())
                        .noneMatch(pattern -> matches(pattern, name)))
                .sorted()
                .collect(Collectors.toList());
        assertTrue(
                unplaced.isEmpty(), "packages in no layer (add them to LAYERS and docs/architecture.md): " + unplaced);
    }

    @Test
    void noPackageUsesALayerAboveIt() {
        layers().check(runtime);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.dspj.(**)").should().beFreeOfCycles().check(runtime);
    }

    @Test
    void anImportFromALayerAboveFailsWithTheOffendingClass() {
        JavaClasses offending = new ClassFileImporter()
                .importClasses(dev.dspj.primitives.UpwardDependencyFixture.class, dev.dspj.module.Predict.class);
        EvaluationResult result = layers().evaluate(offending);
        assertTrue(result.hasViolation(), "a primitive using Predict must break the layering");
        String report = result.getFailureReport().toString();
        assertTrue(report.contains("UpwardDependencyFixture") && report.contains("dev.dspj.module.Predict"), report);
    }

    private static boolean matches(String pattern, String packageName) {
        if (pattern.endsWith("..")) {
            String base = pattern.substring(0, pattern.length() - 2);
            return packageName.equals(base) || packageName.startsWith(base + ".");
        }
        return packageName.equals(pattern);
    }
}
