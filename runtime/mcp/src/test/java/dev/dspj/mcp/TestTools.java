package dev.dspj.mcp;

import dev.dspj.codec.Codecs;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolArgument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-built tools the tests publish: plain, structured, failing, slow and huge ones. */
final class TestTools {

    static final ToolArgument<String> TEXT = ToolArgument.of("text", Codecs.STRING, "what to echo");
    static final ToolArgument<Long> A = ToolArgument.of("a", Codecs.LONG, "the first number");
    static final ToolArgument<Long> B = ToolArgument.of("b", Codecs.LONG, null);
    static final ToolArgument<Optional<Integer>> TIMES =
            ToolArgument.of("times", Codecs.optional(Codecs.INT), "how many times");
    static final ToolArgument<List<String>> WORDS = ToolArgument.of("words", Codecs.list(Codecs.STRING), "the words");
    static final ToolArgument<Integer> SIZE = ToolArgument.of("size", Codecs.INT, "how many characters");

    private TestTools() {}

    static Tool echo() {
        return Tool.builder("echo")
                .description("Echoes the text back.")
                .arguments(TEXT, TIMES)
                .function(
                        Codecs.STRING,
                        args -> args.get(TEXT).repeat(args.get(TIMES).orElse(1)));
    }

    static Tool add() {
        return Tool.builder("add")
                .description("Adds two integers.")
                .arguments(A, B)
                .function(Codecs.LONG, args -> args.get(A) + args.get(B));
    }

    static Tool count() {
        return Tool.builder("count")
                .description("Counts the words and their letters.")
                .arguments(WORDS)
                .function(Codecs.map(Codecs.LONG), args -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    counts.put("words", (long) args.get(WORDS).size());
                    counts.put(
                            "letters",
                            args.get(WORDS).stream().mapToLong(String::length).sum());
                    return counts;
                });
    }

    static Tool fail() {
        return Tool.builder("fail").description("Always throws.").function(Codecs.STRING, args -> {
            throw new IllegalStateException("the disk is full");
        });
    }

    static Tool slow() {
        return Tool.builder("slow").description("Never answers in time.").function(Codecs.STRING, args -> {
            Thread.sleep(60_000);
            return "late";
        });
    }

    static Tool huge() {
        return Tool.builder("huge")
                .description("Returns a long text.")
                .arguments(SIZE)
                .function(Codecs.STRING, args -> "x".repeat(args.get(SIZE)));
    }

    static List<Tool> all() {
        return List.of(echo(), add(), count(), fail(), slow(), huge());
    }
}
