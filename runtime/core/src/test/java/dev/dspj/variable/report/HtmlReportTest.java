package dev.dspj.variable.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import dev.dspj.variable.objective.Constraints;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.objective.SelectionPolicy;
import dev.dspj.variable.search.SearchStrategy;
import dev.dspj.variable.tune.FailedTrial;
import dev.dspj.variable.tune.TrialOutcome;
import dev.dspj.variable.tune.TuningResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HtmlReportTest {

    private static final String XHTML = "http://www.w3.org/1999/xhtml";
    private static final String SVG = "http://www.w3.org/2000/svg";

    private static final TuningResult RESULT = SampleResults.search();
    private static final String PAGE = HtmlReport.render(RESULT);
    private static final Document DOCUMENT = parse(PAGE);

    @Test
    void thePageIsWellFormedXhtml() {
        Element root = DOCUMENT.getDocumentElement();
        assertEquals("html", root.getLocalName());
        assertEquals(XHTML, root.getNamespaceURI());
        assertTrue(PAGE.startsWith("<!DOCTYPE html>\n"), PAGE.substring(0, 40));
    }

    @Test
    void everyChartIsExactlyOneSvg() {
        int variables = SampleResults.SPACE.names().size();
        assertEquals(2 + variables, DOCUMENT.getElementsByTagNameNS(SVG, "svg").getLength());
        NodeList figures = DOCUMENT.getElementsByTagNameNS(XHTML, "figure");
        assertEquals(2 + variables, figures.getLength());
        for (int i = 0; i < figures.getLength(); i++) {
            assertEquals(
                    1,
                    ((Element) figures.item(i))
                            .getElementsByTagNameNS(SVG, "svg")
                            .getLength(),
                    "figure " + i);
        }
        assertEquals(1, charts("front").size());
        assertEquals(1, charts("progress").size());
        assertEquals(variables, charts("effect").size());
    }

    @Test
    void thePageNeedsNothingFromOutside() {
        Matcher address = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}[^\"'\\s<>)]*")
                .matcher(PAGE);
        while (address.find()) {
            assertTrue(Set.of(XHTML, SVG).contains(address.group()), "unexpected reference " + address.group());
        }
        assertFalse(PAGE.toLowerCase(Locale.ROOT).contains("<script"), "no script at all");
        assertFalse(PAGE.toLowerCase(Locale.ROOT).contains("<link"), "no linked style sheet");
        assertFalse(PAGE.toLowerCase(Locale.ROOT).contains("@import"), "no imported style sheet");
        assertFalse(PAGE.contains("url("), "no fonts or images by address");
        assertFalse(PAGE.contains(" src="), "no embedded resources");
    }

    @Test
    void configurationValuesAndErrorsAreEscaped() {
        String hostile = "<script>alert('x')</script> & \"quoted\"";
        TuningResult result = SampleResults.withAdapterValues(List.of("chat", hostile));
        String page = HtmlReport.render(result);
        assertFalse(page.toLowerCase(Locale.ROOT).contains("<script"), "the value is not markup");
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"));
        Document document = parse(page);
        assertTrue(document.getDocumentElement().getTextContent().contains(hostile), "the value reads back as text");

        String error = RESULT.failedTrials().stream()
                .filter(f -> f.number() == 23)
                .findFirst()
                .orElseThrow()
                .error();
        assertFalse(PAGE.contains("<script>alert(\"x\")"), "the error is not markup");
        assertTrue(
                section("failed").getTextContent().contains(error.replace("\u001b", "")), "the whole error is shown");
    }

    @Test
    void theScatterDrawsOneDotPerTrialAndRingsTheChosenOne() {
        Element front = charts("front").get(0);
        long full = RESULT.trials().stream().filter(TrialOutcome::isFull).count();
        long screened = RESULT.trials().size() - full;
        assertEquals(full, circles(front, "dot", "full").size());
        assertEquals(screened, circles(front, "dot", "screen").size());
        long infeasibleFull = RESULT.trials().stream()
                .filter(t -> t.isFull() && !t.feasible())
                .count();
        assertEquals(infeasibleFull, circles(front, "full", "infeasible").size());
        assertEquals(RESULT.front().size(), circles(front, "dot", "front").size());

        List<Element> rings = circles(front, "ring");
        assertEquals(1, rings.size());
        TrialOutcome chosen = RESULT.best().orElseThrow();
        Element chosenDot = circles(front, "dot").stream()
                .filter(c -> title(c).startsWith("trial #" + chosen.number() + " (full, chosen)"))
                .findFirst()
                .orElseThrow();
        assertEquals(chosenDot.getAttribute("cx"), rings.get(0).getAttribute("cx"));
        assertEquals(chosenDot.getAttribute("cy"), rings.get(0).getAttribute("cy"));
    }

    @Test
    void theFrontLineHasOnePointPerFrontTrial() {
        Element front = charts("front").get(0);
        List<Element> lines = marks(front, "polyline", "front-line");
        assertEquals(1, lines.size());
        String[] points = lines.get(0).getAttribute("points").trim().split("\\s+");
        assertEquals(RESULT.front().size(), points.length, Arrays.toString(points));
        assertEquals(1, elements(front, "path", "front-step").size());
    }

    @Test
    void everyDotsTooltipNamesItsTrialAndConfiguration() {
        Element front = charts("front").get(0);
        for (TrialOutcome trial : RESULT.trials()) {
            String configuration = Formats.configuration(trial.configuration());
            assertEquals(
                    1,
                    circles(front, "dot").stream()
                            .filter(c -> title(c).startsWith("trial #" + trial.number() + " (")
                                    && title(c).endsWith(configuration))
                            .count(),
                    "trial " + trial.number());
        }
    }

    @Test
    void theScoreChartShowsEveryTrialTheBestSoFarAndTheFailures() {
        Element progress = charts("progress").get(0);
        assertEquals(RESULT.trials().size(), circles(progress, "dot").size());
        assertEquals(1, marks(progress, "polyline", "best-so-far").size());
        assertEquals(
                RESULT.candidates().size(), marks(progress, "rect", "score").size());
        List<Element> failures = marks(progress, "path", "failed-mark");
        assertEquals(RESULT.failedTrials().size(), failures.size());
        for (FailedTrial failed : RESULT.failedTrials()) {
            assertTrue(failures.stream().anyMatch(p -> title(p).startsWith("trial #" + failed.number() + " failed: ")));
        }
    }

    @Test
    void everyVariableHasAnEffectChart() {
        List<String> shown = new ArrayList<>();
        NodeList figures = DOCUMENT.getElementsByTagNameNS(XHTML, "figure");
        for (int i = 0; i < figures.getLength(); i++) {
            Element figure = (Element) figures.item(i);
            if (figure.getAttribute("class").equals("effect")) {
                shown.add(figure.getAttribute("data-variable"));
                assertEquals(1, elements(figure, "svg", "effect").size());
            }
        }
        assertEquals(SampleResults.SPACE.names(), shown);
    }

    @Test
    void aChoiceGetsABarPerValueAndANumberAScatter() {
        Element model = effect("model");
        assertEquals(3, elements(model, "rect", "bar").size());
        assertEquals(RESULT.trials().size(), circles(model, "dot").size());
        for (String choice : List.of("sim-small", "sim-medium", "sim-large")) {
            long count = RESULT.trials().stream()
                    .filter(t -> choice.equals(t.configuration().get("model")))
                    .count();
            assertTrue(model.getTextContent().contains("n=" + count), choice);
        }
        Element hops = effect("hops");
        assertEquals(0, elements(hops, "rect", "bar").size());
        long withHops = RESULT.trials().stream()
                .filter(t -> t.configuration().has("hops"))
                .count();
        assertEquals(withHops, circles(hops, "dot").size());
        assertTrue(hops.getTextContent().contains((RESULT.trials().size() - withHops) + " inactive, not shown"));
    }

    @Test
    void theTablesListEveryTrialFailureAndFrontMember() {
        Element trials = section("trials");
        assertEquals(
                RESULT.trials().size() + 1,
                trials.getElementsByTagNameNS(XHTML, "tr").getLength());
        Element failed = section("failed");
        for (FailedTrial trial : RESULT.failedTrials()) {
            assertTrue(failed.getTextContent().contains("#" + trial.number()));
        }
        Element summary = section("summary");
        assertTrue(summary.getTextContent().contains(SampleResults.STOP_REASON));
        for (TrialOutcome trial : RESULT.front()) {
            assertTrue(summary.getTextContent().contains("#" + trial.number()));
        }
        assertTrue(summary.getTextContent().contains("this search"), "the result's own policy is marked");
    }

    @Test
    void reportIsWrittenWithThePermissionsFilesWriteGives(@TempDir Path directory) throws Exception {
        Assumptions.assumeTrue(
                FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Set<PosixFilePermission> expected =
                Files.getPosixFilePermissions(Files.write(directory.resolve("reference.txt"), new byte[] {1}));
        Assumptions.assumeTrue(expected.contains(PosixFilePermission.OTHERS_READ), "a umask that lets others read");
        Path file = directory.resolve("search.html");
        HtmlReport.write(RESULT, file);
        assertEquals(expected, Files.getPosixFilePermissions(file), "not createTempFile's rw-------");
    }

    @Test
    void writeCreatesTheDirectoryAndReplacesAnOldReport(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("reports/nested/search.html");
        HtmlReport.write(SampleResults.allFailed(), file);
        HtmlReport.write(RESULT, file);
        assertEquals(PAGE, Files.readString(file, StandardCharsets.UTF_8));
        try (var listing = Files.list(file.getParent())) {
            assertEquals(List.of(file), listing.toList(), "no temporary file left behind");
        }
    }

    @Test
    void numbersDoNotDependOnTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals(PAGE, HtmlReport.render(RESULT));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void aSearchWithoutFinishedTrialsStillRendersEveryChart() {
        String page = HtmlReport.render(SampleResults.allFailed());
        Document document = parse(page);
        assertEquals(
                2 + SampleResults.SPACE.names().size(),
                document.getElementsByTagNameNS(SVG, "svg").getLength());
        assertTrue(page.contains("No trial finished."));
        assertTrue(page.contains("boom again"));
    }

    @Test
    void otherObjectivesPutTheirOwnValuesOnTheAxes() {
        List<Objective> objectives = List.of(Objective.latency(), Objective.reliability());
        List<TrialOutcome> trials = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            trials.add(SampleResults.trial(
                    i,
                    Configuration.builder()
                            .put("adapter", i % 2 == 0 ? "chat" : "json")
                            .build(),
                    TrialOutcome.FULL,
                    SampleResults.measurement(50, 0.6, 0.0001, 100 + 40 * i),
                    objectives,
                    Constraints.none()));
        }
        TuningResult result = new TuningResult(
                "latency",
                VariableSpace.of(Variable.choice("adapter", List.of("chat", "json"), "chat")),
                objectives,
                Constraints.none(),
                SelectionPolicy.BALANCED,
                SearchStrategy.RANDOM,
                "",
                trials,
                List.of(),
                "done",
                Duration.ofSeconds(1));
        Document document = parse(HtmlReport.render(result));
        String front = textOf(document, "front");
        assertTrue(front.contains("median latency (ms), lower is better"), front);
        assertTrue(front.contains("reliability, higher is better"), front);
        assertTrue(front.contains("100 ms"), "latency ticks carry their unit: " + front);

        TuningResult single = new TuningResult(
                "one",
                result.space(),
                List.of(Objective.accuracy()),
                Constraints.none(),
                SelectionPolicy.ACCURACY_FIRST,
                SearchStrategy.GRID,
                "",
                List.of(SampleResults.trial(
                        0,
                        Configuration.builder().put("adapter", "chat").build(),
                        TrialOutcome.FULL,
                        SampleResults.measurement(50, 0.6, 0.0004, 100),
                        List.of(Objective.accuracy()),
                        Constraints.none())),
                List.of(),
                "grid exhausted",
                Duration.ZERO);
        String singleFront = textOf(parse(HtmlReport.render(single)), "front");
        assertTrue(singleFront.contains("cost per call ($), measured, not an objective"), singleFront);
    }

    private static String textOf(Document document, String chart) {
        NodeList svgs = document.getElementsByTagNameNS(SVG, "svg");
        for (int i = 0; i < svgs.getLength(); i++) {
            Element svg = (Element) svgs.item(i);
            if (classes(svg).contains(chart)) {
                return svg.getTextContent();
            }
        }
        throw new AssertionError("no chart " + chart);
    }

    private static Document parse(String page) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("the page is not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static Element section(String id) {
        NodeList sections = DOCUMENT.getElementsByTagNameNS(XHTML, "section");
        for (int i = 0; i < sections.getLength(); i++) {
            Element section = (Element) sections.item(i);
            if (section.getAttribute("id").equals(id)) {
                return section;
            }
        }
        throw new AssertionError("no section " + id);
    }

    private static Element effect(String variable) {
        NodeList figures = DOCUMENT.getElementsByTagNameNS(XHTML, "figure");
        for (int i = 0; i < figures.getLength(); i++) {
            Element figure = (Element) figures.item(i);
            if (figure.getAttribute("data-variable").equals(variable)) {
                return figure;
            }
        }
        throw new AssertionError("no effect chart of " + variable);
    }

    private static List<Element> charts(String kind) {
        return elements(DOCUMENT.getDocumentElement(), "svg", kind);
    }

    /** The circles carrying all the given classes, legend keys left out. */
    private static List<Element> circles(Element scope, String... classes) {
        return marks(scope, "circle", classes);
    }

    /** The elements carrying all the given classes, legend keys left out. */
    private static List<Element> marks(Element scope, String name, String... classes) {
        return elements(scope, name, classes).stream()
                .filter(c -> !classes(c).contains("key"))
                .toList();
    }

    private static List<Element> elements(Element scope, String name, String... classes) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = scope.getElementsByTagNameNS(SVG, name);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element element = (Element) nodes.item(i);
            if (classes(element).containsAll(List.of(classes))) {
                found.add(element);
            }
        }
        return found;
    }

    private static List<String> classes(Element element) {
        return List.of(element.getAttribute("class").trim().split("\\s+"));
    }

    private static String title(Element element) {
        NodeList titles = element.getElementsByTagNameNS(SVG, "title");
        return titles.getLength() == 0 ? "" : titles.item(0).getTextContent();
    }
}
