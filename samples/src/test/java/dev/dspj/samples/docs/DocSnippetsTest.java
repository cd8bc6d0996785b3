package dev.dspj.samples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of the README and {@code docs/*.md} is a snippet of a source the
 * build compiles and runs against the simulated model (this package's {@code *SnippetsTest}
 * classes), character for character; see {@link DocSnippets} for the markers.
 *
 * <p>After changing a snippet's source, rewrite the Markdown from the sources with
 * {@code mvn -o -q -pl samples -am verify -Djacoco.skip=true -Dtest=DocSnippetsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Ddspj.updateSnippets=true}.
 */
class DocSnippetsTest {

    /**
     * Where the snippet sources live, from the repository root: the samples', and the Spark module's
     * (its snippets need Spark and its JVM options, which only that module's tests have).
     */
    static final List<String> SNIPPET_SOURCES =
            List.of("samples/src/test/java/dev/dspj/samples/docs", "runtime/spark/src/test/java/dev/dspj/spark/docs");

    /** The repository root: {@code dspj.repoRoot} (set by the samples' pom), else the first parent with a README and samples. */
    static Path repositoryRoot() {
        String configured = System.getProperty("dspj.repoRoot");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("samples"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "cannot find the repository root above " + Path.of("").toAbsolutePath() + "; set -Ddspj.repoRoot");
    }

    @Test
    void everyJavaBlockOfTheReadmeAndTheDocsIsASnippetTheBuildRuns() throws IOException {
        Path root = repositoryRoot();
        List<String> markdown = new ArrayList<>();
        markdown.add("README.md");
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.map(p -> "docs/" + p.getFileName())
                    .filter(name -> name.endsWith(".md"))
                    .sorted()
                    .forEach(markdown::add);
        }
        boolean update = Boolean.getBoolean(DocSnippets.UPDATE_PROPERTY);
        DocSnippets.Sources sources = DocSnippets.files(root);
        List<DocSnippets.Problem> problems = new ArrayList<>();
        List<DocSnippets.Problem> unfixable = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        int blocks = 0;
        for (String name : markdown) {
            Path file = root.resolve(name);
            String text = Files.readString(file, StandardCharsets.UTF_8);
            DocSnippets.Result result = DocSnippets.process(name, text, sources);
            problems.addAll(result.problems());
            // a block or a link that differs from its source is rewritten by the update; nothing else is
            result.problems().stream()
                    .filter(p -> !p.message().startsWith("the block differs")
                            && !p.message().contains("link"))
                    .forEach(unfixable::add);
            used.addAll(result.used());
            blocks += result.used().size();
            if (update && !result.text().equals(text)) {
                Files.writeString(file, result.text(), StandardCharsets.UTF_8);
                System.out.println("Rewrote the snippets of " + file);
            }
        }

        // every region of the snippet sources is shown somewhere: a region no page uses is stale
        for (String folder : SNIPPET_SOURCES) {
            try (Stream<Path> files = Files.list(root.resolve(folder))) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java"))
                        .sorted()
                        .toList()) {
                    String path = folder + "/" + file.getFileName();
                    Map<String, String> snippets = sources.snippets(path, unfixable);
                    for (String name : snippets.keySet()) {
                        if (!used.contains(path + "#" + name)) {
                            unfixable.add(new DocSnippets.Problem(
                                    path,
                                    "snippet " + name + " is shown by no ```java block of README.md or docs/*.md"));
                        }
                    }
                }
            }
        }
        List<DocSnippets.Problem> failing = update ? unfixable : mergeDistinct(problems, unfixable);
        if (!failing.isEmpty()) {
            fail(failing.size() + " problem(s) with the documentation's Java snippets"
                    + (update
                            ? ""
                            : " (rewrite the blocks from their sources with -D" + DocSnippets.UPDATE_PROPERTY
                                    + "=true)")
                    + ":\n\n"
                    + failing.stream().map(DocSnippets.Problem::toString).collect(Collectors.joining("\n\n")));
        }
        assertTrue(blocks >= 21, "the README and docs show " + blocks + " snippets; they had 21 when this was written");
    }

    private static List<DocSnippets.Problem> mergeDistinct(
            List<DocSnippets.Problem> first, List<DocSnippets.Problem> second) {
        Set<DocSnippets.Problem> all = new LinkedHashSet<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    // The checker itself, on text in memory.

    private static final String SOURCE = String.join(
            "\n",
            "class Example {",
            "    void run() {",
            "        int setUp = 1;",
            "        // snippet:sum",
            "        int a = 1;",
            "        // snippet:inner",
            "        int b = 2;",
            "        // end-snippet",
            "        // snippet-elide",
            "        int hidden = 3;",
            "        // end-elide",
            "        int c = a + b;",
            "        // end-snippet",
            "    }",
            "}");

    private static DocSnippets.Sources inMemory() {
        List<DocSnippets.Problem> ignored = new ArrayList<>();
        Map<String, String> regions = DocSnippets.regions("src/Example.java", List.of(SOURCE.split("\n")), ignored);
        return (path, problems) -> path.equals("src/Example.java") ? regions : null;
    }

    @Test
    void regionsNestDropTheirMarkersAndCommonIndentationAndElide() {
        List<DocSnippets.Problem> problems = new ArrayList<>();
        Map<String, String> regions = DocSnippets.regions("src/Example.java", List.of(SOURCE.split("\n")), problems);
        assertEquals(List.of(), problems);
        assertEquals("int a = 1;\nint b = 2;\n// ...\nint c = a + b;", regions.get("sum"));
        assertEquals("int b = 2;", regions.get("inner"));
    }

    @Test
    void malformedRegionsAreReportedWithTheirLine() {
        List<DocSnippets.Problem> problems = new ArrayList<>();
        DocSnippets.regions(
                "src/Bad.java",
                List.of("// snippet:a", "x();", "// snippet:a", "// end-snippet", "// end-snippet"),
                problems);
        DocSnippets.regions("src/Open.java", List.of("", "// snippet:b", "y();"), problems);
        assertEquals(
                List.of(
                        "src/Bad.java:3: snippet a is defined twice; give each region a name",
                        "src/Bad.java:5: // end-snippet with no // snippet:<name> open",
                        "src/Open.java:2: snippet b has no // end-snippet line"),
                problems.stream().map(DocSnippets.Problem::toString).toList());
    }

    @Test
    void aJavaBlockWithoutAMarkerIsReportedWithItsFileAndLine() {
        String markdown = "# Title\n\nText.\n\n```java\nint x = 1;\n```\n\n```bash\nmvn verify\n```\n";
        DocSnippets.Result result = DocSnippets.process("docs/page.md", markdown, inMemory());
        assertEquals(1, result.problems().size(), result.problems().toString());
        assertEquals("docs/page.md:5", result.problems().get(0).where());
        assertTrue(result.problems().get(0).message().startsWith("```java block has no snippet marker"));
        assertEquals(markdown, result.text(), "nothing to rewrite it from");
    }

    @Test
    void aBlockThatDiffersIsReportedWithADiffAndRewrittenFromItsSource() {
        String link = DocSnippets.linkLine("docs/page.md", "src/Example.java");
        assertEquals(
                "<sub>Imports and set-up: [Example.java](../src/Example.java) (compiled and run by the build)</sub>",
                link);
        String markdown = "Intro\n<!-- snippet: sum (src/Example.java) -->\n```java\nint a = 1;\nint b = 3;\n"
                + "int c = a + b;\n```\n" + link + "\n\nAfter.\n";
        DocSnippets.Result result = DocSnippets.process("docs/page.md", markdown, inMemory());

        assertEquals(1, result.problems().size(), result.problems().toString());
        DocSnippets.Problem problem = result.problems().get(0);
        assertEquals("docs/page.md:3", problem.where());
        assertEquals(
                "the block differs from snippet sum in src/Example.java (-Markdown, +source):\n"
                        + "  int a = 1;\n- int b = 3;\n+ int b = 2;\n+ // ...\n  int c = a + b;\n",
                problem.message());
        String fixed = "Intro\n<!-- snippet: sum (src/Example.java) -->\n```java\nint a = 1;\nint b = 2;\n// ...\n"
                + "int c = a + b;\n```\n" + link + "\n\nAfter.\n";
        assertEquals(fixed, result.text());
        assertEquals(List.of("src/Example.java#sum"), result.used());
        assertEquals(
                List.of(),
                DocSnippets.process("docs/page.md", fixed, inMemory()).problems(),
                "rewritten, it passes");
    }

    @Test
    void aMissingLinkIsAddedAndAnUnknownSnippetOrSourceIsReported() {
        String markdown = "<!-- snippet: inner (src/Example.java) -->\n```java\nint b = 2;\n```\nNext paragraph.\n"
                + "<!-- snippet: nothing (src/Example.java) -->\n```java\n```\n"
                + "<!-- snippet: sum (src/Missing.java) -->\n```java\n```\n";
        DocSnippets.Result result = DocSnippets.process("README.md", markdown, inMemory());
        assertEquals(
                List.of(
                        "README.md:5: snippet inner needs a link to its source on the line under the block: "
                                + "<sub>Imports and set-up: [Example.java](src/Example.java) (compiled and run by the build)</sub>",
                        "README.md:7: snippet nothing is not in src/Example.java; it has [sum, inner]",
                        "README.md:10: snippet sum: there is no Java source src/Missing.java"),
                result.problems().stream().map(DocSnippets.Problem::toString).toList());
        assertTrue(
                result.text()
                        .startsWith("<!-- snippet: inner (src/Example.java) -->\n```java\nint b = 2;\n```\n"
                                + "<sub>Imports and set-up: [Example.java](src/Example.java) (compiled and run by the build)</sub>"
                                + "\n\nNext paragraph.\n"),
                result.text());
    }
}
