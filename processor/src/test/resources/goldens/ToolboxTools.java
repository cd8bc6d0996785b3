package test;

import dev.dspj.codec.Codecs;
import dev.dspj.codec.RecordCodec;
import dev.dspj.codec.ValueCodec;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolArgument;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Generated;
import org.jspecify.annotations.NullMarked;

/**
 * The tools of {@link Toolbox}: one argument per parameter of its {@code @Tool} methods, and
 * {@link #of}, which makes a {@code Tool} of each method, calling it directly.
 */
@Generated("dev.dspj.processor.SignatureProcessor") @SuppressWarnings({"deprecation", "removal"}) @NullMarked
public final class ToolboxTools {
    private static final ValueCodec<Toolbox.Unit> UNIT_CODEC = Codecs.enumeration("Unit", Toolbox.Unit.values());

    private static final ValueCodec<Toolbox.Point> POINT_CODEC = RecordCodec.<Toolbox.Point>builder("Point")
        .component("x", Codecs.DOUBLE, Toolbox.Point::x)
        .component("y", Codecs.DOUBLE, Toolbox.Point::y)
        .build(values -> new Toolbox.Point(values.get(0), values.get(1)));

    private static final ValueCodec<Toolbox.Segment> SEGMENT_CODEC = RecordCodec.<Toolbox.Segment>builder("Segment")
        .component("from", POINT_CODEC, Toolbox.Segment::from)
        .component("to", POINT_CODEC, Toolbox.Segment::to)
        .component("unit", UNIT_CODEC, Toolbox.Segment::unit)
        .build(values -> new Toolbox.Segment(values.get(0), values.get(1), values.get(2)));

    /** Argument {@code a} of the tool {@code add}. */
    public static final ToolArgument<Double> ADD_A = ToolArgument.of("a", Codecs.DOUBLE,
            "the first number");

    /** Argument {@code b} of the tool {@code add}. */
    public static final ToolArgument<Double> ADD_B = ToolArgument.of("b", Codecs.DOUBLE,
            "the number to add");

    /** Argument {@code text} of the tool {@code all-kinds}. */
    public static final ToolArgument<String> EVERYTHING_TEXT = ToolArgument.of("text",
            Codecs.STRING, "some text");

    /** Argument {@code count} of the tool {@code all-kinds}. */
    public static final ToolArgument<Integer> EVERYTHING_COUNT = ToolArgument.of("count",
            Codecs.INT, null);

    /** Argument {@code big} of the tool {@code all-kinds}. */
    public static final ToolArgument<Long> EVERYTHING_BIG = ToolArgument.of("big", Codecs.LONG,
            null);

    /** Argument {@code ratio} of the tool {@code all-kinds}. */
    public static final ToolArgument<Float> EVERYTHING_RATIO = ToolArgument.of("ratio",
            Codecs.FLOAT, null);

    /** Argument {@code flag} of the tool {@code all-kinds}. */
    public static final ToolArgument<Boolean> EVERYTHING_FLAG = ToolArgument.of("flag",
            Codecs.BOOLEAN, null);

    /** Argument {@code boxed} of the tool {@code all-kinds}. */
    public static final ToolArgument<Integer> EVERYTHING_BOXED = ToolArgument.of("boxed",
            Codecs.INT, null);

    /** Argument {@code amount} of the tool {@code all-kinds}. */
    public static final ToolArgument<BigDecimal> EVERYTHING_AMOUNT = ToolArgument.of("amount",
            Codecs.DECIMAL, null);

    /** Argument {@code unit} of the tool {@code all-kinds}. */
    public static final ToolArgument<Toolbox.Unit> EVERYTHING_UNIT = ToolArgument.of("unit",
            UNIT_CODEC, null);

    /** Argument {@code segment} of the tool {@code all-kinds}. */
    public static final ToolArgument<Toolbox.Segment> EVERYTHING_SEGMENT = ToolArgument.of("segment",
            SEGMENT_CODEC, null);

    /** Argument {@code points} of the tool {@code all-kinds}. */
    public static final ToolArgument<List<Toolbox.Point>> EVERYTHING_POINTS = ToolArgument.of("points",
            Codecs.list(POINT_CODEC), null);

    /** Argument {@code tags} of the tool {@code all-kinds}. */
    public static final ToolArgument<Set<String>> EVERYTHING_TAGS = ToolArgument.of("tags",
            Codecs.set(Codecs.STRING), null);

    /** Argument {@code counts} of the tool {@code all-kinds}. */
    public static final ToolArgument<Map<String, Integer>> EVERYTHING_COUNTS = ToolArgument.of("counts",
            Codecs.map(Codecs.INT), null);

    /** Argument {@code note_text} of the tool {@code all-kinds}. */
    public static final ToolArgument<Optional<String>> EVERYTHING_NOTE = ToolArgument.of("note_text",
            Codecs.optional(Codecs.STRING), "an optional note");

    /** Argument {@code message} of the tool {@code record}. */
    public static final ToolArgument<String> RECORD_MESSAGE = ToolArgument.of("message",
            Codecs.STRING, "what to record");

    /** Argument {@code n} of the tool {@code twice}. */
    public static final ToolArgument<Integer> TWICE_N = ToolArgument.of("n", Codecs.INT, null);

    private ToolboxTools() {
    }

    /**
     * The tools of {@code target}, one per {@code @Tool} method, in declaration order.
     *
     * @param target the {@code Toolbox} whose methods the tools call
     * @return the tools
     */
    public static List<Tool> of(Toolbox target) {
        return List.of(
                Tool.builder("add")
                        .description("Adds two numbers.\n"
                                + "\n"
                                + "<p>Exactly, in doubles.")
                        .arguments(ADD_A, ADD_B)
                        .blocking(false)
                        .function(Codecs.DOUBLE, args -> target.add(args.get(ADD_A),
                                args.get(ADD_B))),
                Tool.builder("all-kinds")
                        .description("Echoes every kind of argument.")
                        .arguments(EVERYTHING_TEXT, EVERYTHING_COUNT, EVERYTHING_BIG,
                                EVERYTHING_RATIO, EVERYTHING_FLAG, EVERYTHING_BOXED,
                                EVERYTHING_AMOUNT, EVERYTHING_UNIT, EVERYTHING_SEGMENT,
                                EVERYTHING_POINTS, EVERYTHING_TAGS, EVERYTHING_COUNTS,
                                EVERYTHING_NOTE)
                        .function(Codecs.STRING, args -> target.everything(args.get(EVERYTHING_TEXT),
                                args.get(EVERYTHING_COUNT), args.get(EVERYTHING_BIG),
                                args.get(EVERYTHING_RATIO), args.get(EVERYTHING_FLAG),
                                args.get(EVERYTHING_BOXED), args.get(EVERYTHING_AMOUNT),
                                args.get(EVERYTHING_UNIT), args.get(EVERYTHING_SEGMENT),
                                args.get(EVERYTHING_POINTS), args.get(EVERYTHING_TAGS),
                                args.get(EVERYTHING_COUNTS), args.get(EVERYTHING_NOTE))),
                Tool.builder("record")
                        .description("Records a message.")
                        .arguments(RECORD_MESSAGE)
                        .action(args -> {
                            target.record(args.get(RECORD_MESSAGE));
                            return null;
                        }),
                Tool.builder("twice")
                        .description("Doubles a number, later.")
                        .arguments(TWICE_N)
                        .asyncFunction(Codecs.INT, args -> target.twice(args.get(TWICE_N))),
                Tool.builder("origin")
                        .function(POINT_CODEC, args -> target.origin()),
                Tool.builder("fail")
                        .description("Fails.")
                        .function(Codecs.INT, args -> target.fail()));
    }
}
