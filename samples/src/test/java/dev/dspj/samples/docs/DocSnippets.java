package dev.dspj.samples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documentation's Java snippets, kept equal to source files the build compiles and runs, as
 * Rust's doc tests do.
 *
 * <p>In a Java source, a snippet is the lines between {@code // snippet:<name>} and
 * {@code // end-snippet} (each on a line of its own; regions may nest, the marker lines belong to
 * none), with their common indentation removed. Lines between {@code // snippet-elide} and
 * {@code // end-elide} show as one {@code // ...} line.
 *
 * <p>In Markdown, every {@code ```java} block is preceded, on the line right above it, by
 * {@code <!-- snippet: <name> (<source path from the repository root>) -->}, holds exactly that
 * snippet's text, and is followed, on the line right below its closing fence, by a link to the
 * source (its imports and set-up), {@link #linkLine}. {@link #process} lists every way the
 * Markdown differs and gives the text with the blocks and links rewritten from the sources.
 */
final class DocSnippets {

    /** The system property that makes {@code DocSnippetsTest} rewrite the Markdown instead of failing. */
    static final String UPDATE_PROPERTY = "dspj.updateSnippets";

    private static final Pattern START = Pattern.compile("^\\s*// snippet:([A-Za-z0-9._-]+)\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*// end-snippet\\s*$");
    private static final Pattern ELIDE = Pattern.compile("^(\\s*)// snippet-elide\\s*$");
    private static final Pattern END_ELIDE = Pattern.compile("^\\s*// end-elide\\s*$");
    private static final Pattern MARKER = Pattern.compile("^<!-- snippet: ([A-Za-z0-9._-]+) \\((\\S+)\\) -->$");
    private static final Pattern FENCE = Pattern.compile("^```\\s*([A-Za-z0-9_+-]*)\\s*$");
    private static final String LINK_PREFIX = "<sub>Imports and set-up: [";

    private DocSnippets() {}

    /** A problem found in a Markdown file or a snippet source, with where it is. */
    record Problem(String where, String message) {
        @Override
        public String toString() {
            return where + ": " + message;
        }
    }

    /**
     * Reads the snippets of a Java source.
     *
     * @param source the file's name, for messages
     * @param lines its lines
     * @param problems where malformed markers are reported
     * @return each snippet's text by name, in the order they start
     */
    static Map<String, String> regions(String source, List<String> lines, List<Problem> problems) {
        Map<String, List<String>> open = new LinkedHashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Map<String, String> done = new LinkedHashMap<>();
        Map<String, Integer> startedAt = new LinkedHashMap<>();
        boolean eliding = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher start = START.matcher(line);
            Matcher elide = ELIDE.matcher(line);
            if (start.matches()) {
                String name = start.group(1);
                if (done.containsKey(name) || open.containsKey(name)) {
                    problems.add(new Problem(
                            source + ":" + (i + 1), "snippet " + name + " is defined twice; give each region a name"));
                    continue;
                }
                open.put(name, new ArrayList<>());
                startedAt.put(name, i + 1);
                stack.push(name);
            } else if (END.matcher(line).matches()) {
                if (stack.isEmpty()) {
                    problems.add(new Problem(source + ":" + (i + 1), "// end-snippet with no // snippet:<name> open"));
                    continue;
                }
                String name = stack.pop();
                done.put(name, dedent(open.remove(name)));
            } else if (elide.matches()) {
                eliding = true;
                for (List<String> region : open.values()) {
                    region.add(elide.group(1) + "// ...");
                }
            } else if (END_ELIDE.matcher(line).matches()) {
                eliding = false;
            } else if (!eliding) {
                for (List<String> region : open.values()) {
                    region.add(line);
                }
            }
        }
        for (String name : open.keySet()) {
            problems.add(
                    new Problem(source + ":" + startedAt.get(name), "snippet " + name + " has no // end-snippet line"));
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        startedAt.keySet().stream().filter(done::containsKey).forEach(name -> ordered.put(name, done.get(name)));
        return ordered;
    }

    /** The lines with their common indentation and trailing blanks removed, without leading or trailing empty lines. */
    static String dedent(List<String> lines) {
        List<String> stripped =
                new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
        while (!stripped.isEmpty() && stripped.get(0).isEmpty()) {
            stripped.remove(0);
        }
        while (!stripped.isEmpty() && stripped.get(stripped.size() - 1).isEmpty()) {
            stripped.remove(stripped.size() - 1);
        }
        int indent = stripped.stream()
                .filter(line -> !line.isEmpty())
                .mapToInt(line -> line.length() - line.stripLeading().length())
                .min()
                .orElse(0);
        return String.join(
                "\n",
                stripped.stream()
                        .map(line -> line.isEmpty() ? line : line.substring(indent))
                        .toList());
    }

    /**
     * The line under a block: a link to the snippet's source, relative to the Markdown file.
     *
     * @param markdown the Markdown file's path from the repository root
     * @param source the source's path from the repository root
     * @return the line
     */
    static String linkLine(String markdown, String source) {
        Path from = Path.of(markdown).toAbsolutePath().getParent();
        String relative =
                from.relativize(Path.of(source).toAbsolutePath()).toString().replace('\\', '/');
        String file = relative.substring(relative.lastIndexOf('/') + 1);
        return LINK_PREFIX + file + "](" + relative + ") (compiled and run by the build)</sub>";
    }

    /** Reads snippet sources by their path from the repository root. */
    interface Sources {
        /**
         * The snippets of a source file.
         *
         * @param path its path from the repository root
         * @param problems where problems with the file are reported
         * @return its snippets by name, or null when there is no such file
         */
        Map<String, String> snippets(String path, List<Problem> problems);
    }

    /** Sources read from files under a repository root, each read once. */
    static Sources files(Path root) {
        Map<String, Map<String, String>> cache = new LinkedHashMap<>();
        return (path, problems) -> {
            if (!cache.containsKey(path)) {
                Path file = root.resolve(path);
                cache.put(
                        path,
                        Files.isRegularFile(file) && path.endsWith(".java")
                                ? regions(path, readLines(file), problems)
                                : null);
            }
            return cache.get(path);
        };
    }

    static List<String> readLines(Path file) {
        try {
            return List.of(Files.readString(file, StandardCharsets.UTF_8).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one Markdown file became: its text with the blocks rewritten, and the snippets it uses. */
    record Result(String text, List<Problem> problems, List<String> used) {}

    /**
     * Checks one Markdown file against the sources and writes what it should be.
     *
     * @param markdown the file's path from the repository root, for messages and links
     * @param text its text
     * @param sources the snippet sources
     * @return the text with every marked block and link written from its source, the problems
     *     found (a block without a marker, a snippet that does not exist, a block or a link that
     *     differs from its source), and the snippets used, as {@code path#name}
     */
    static Result process(String markdown, String text, Sources sources) {
        List<String> lines = List.of(text.split("\n", -1));
        List<String> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<String> used = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (!fence.matches() || fence.group(1).isEmpty()) {
                out.add(line);
                i++;
                continue;
            }
            int open = i;
            int close = open + 1;
            while (close < lines.size() && !lines.get(close).stripTrailing().equals("```")) {
                close++;
            }
            if (close == lines.size()) {
                problems.add(new Problem(markdown + ":" + (open + 1), "a ``` block that is never closed"));
                out.addAll(lines.subList(open, lines.size()));
                break;
            }
            List<String> body = lines.subList(open + 1, close);
            boolean java = fence.group(1).equals("java");
            Matcher marker = open > 0 ? MARKER.matcher(lines.get(open - 1)) : null;
            String where = markdown + ":" + (open + 1);
            out.add(line);
            if (!java) {
                out.addAll(body);
                out.add(lines.get(close));
                i = close + 1;
                continue;
            }
            if (marker == null || !marker.matches()) {
                problems.add(
                        new Problem(
                                where,
                                "```java block has no snippet marker: put <!-- snippet: <name> (<path of the Java source>) -->"
                                        + " on the line above it, and the code between // snippet:<name> and // end-snippet"
                                        + " in a source the build compiles and runs (samples/src/test/java/dev/dspj/samples/docs/)"));
                out.addAll(body);
                out.add(lines.get(close));
                i = close + 1;
                continue;
            }
            String name = marker.group(1);
            String path = marker.group(2);
            Map<String, String> snippets = sources.snippets(path, problems);
            String snippet = snippets == null ? null : snippets.get(name);
            if (snippets == null) {
                problems.add(new Problem(where, "snippet " + name + ": there is no Java source " + path));
            } else if (snippet == null) {
                problems.add(
                        new Problem(where, "snippet " + name + " is not in " + path + "; it has " + snippets.keySet()));
            }
            if (snippet == null) {
                out.addAll(body);
                out.add(lines.get(close));
                i = close + 1;
                continue;
            }
            used.add(path + "#" + name);
            String current = String.join("\n", body);
            if (!current.equals(snippet)) {
                problems.add(new Problem(
                        where,
                        "the block differs from snippet " + name + " in " + path + " (-Markdown, +source):\n"
                                + diff(List.of(current.split("\n", -1)), List.of(snippet.split("\n", -1)))));
            }
            out.addAll(List.of(snippet.split("\n", -1)));
            out.add(lines.get(close));
            String link = linkLine(markdown, path);
            boolean hasLink = close + 1 < lines.size() && lines.get(close + 1).startsWith(LINK_PREFIX);
            if (!hasLink || !lines.get(close + 1).equals(link)) {
                problems.add(new Problem(
                        markdown + ":" + (close + 2),
                        (hasLink
                                        ? "the link under snippet " + name + " should be "
                                        : "snippet " + name
                                                + " needs a link to its source on the line under the block: ")
                                + link));
            }
            out.add(link);
            i = hasLink ? close + 2 : close + 1;
            if (!hasLink && i < lines.size() && !lines.get(i).isBlank()) {
                out.add("");
            }
        }
        return new Result(String.join("\n", out), problems, used);
    }

    /**
     * A line diff: unchanged lines start with a space, removed ones with {@code -}, added ones
     * with {@code +} (the longest common subsequence; snippets are short).
     *
     * @param before the old lines
     * @param after the new lines
     * @return the diff, one line per line
     */
    static String diff(List<String> before, List<String> after) {
        int n = before.size();
        int m = after.size();
        int[][] common = new int[n + 1][m + 1];
        for (int a = n - 1; a >= 0; a--) {
            for (int b = m - 1; b >= 0; b--) {
                common[a][b] = before.get(a).equals(after.get(b))
                        ? common[a + 1][b + 1] + 1
                        : Math.max(common[a + 1][b], common[a][b + 1]);
            }
        }
        StringBuilder out = new StringBuilder();
        int a = 0;
        int b = 0;
        while (a < n || b < m) {
            if (a < n && b < m && before.get(a).equals(after.get(b))) {
                out.append("  ").append(before.get(a)).append('\n');
                a++;
                b++;
            } else if (a < n && (b == m || common[a + 1][b] >= common[a][b + 1])) {
                out.append("- ").append(before.get(a++)).append('\n');
            } else {
                out.append("+ ").append(after.get(b++)).append('\n');
            }
        }
        return out.toString();
    }
}
