package dev.dspj.bench;

import dev.dspj.adapter.ChatAdapter;
import dev.dspj.bench.baseline.GroundedAnswerSpec;
import dev.dspj.bench.baseline.ReflectiveChatAdapter;
import dev.dspj.lm.ChatMessage;
import dev.dspj.primitives.Completion;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Usage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One Chat-format round trip of a 3-input/3-output signature with 3 complete demos: formatting
 * the prompt, parsing the answer into the typed output record, and both. DSPJ's generated code
 * and runtime ({@code dspj*}) against a reflection/Jackson baseline producing the same text and
 * values ({@code baseline*}; {@code baselineUncached*} also reads the signature by reflection on
 * every call, as a library with no metadata cache would).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ChatAdapterBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChatAdapterBenchmark {

    private final List<Example> demos = BenchData.dspjDemos();
    private final GroundedAnswerInput input = BenchData.INPUT;
    private final String text = BenchData.COMPLETION;
    private final Completion completion = new Completion(BenchData.COMPLETION, null, "bench", Usage.NONE);

    private final List<ReflectiveChatAdapter.Demo> baselineDemos = BenchData.baselineDemos();
    private final GroundedAnswerSpec.In baselineInput = BenchData.baselineInput();
    private final ReflectiveChatAdapter.Meta meta = ReflectiveChatAdapter.describe(GroundedAnswerSpec.class);

    /**
     * DSPJ: the prompt, from the generated input record.
     *
     * @return the messages
     */
    @Benchmark
    public List<ChatMessage> dspjFormat() {
        return ChatAdapter.INSTANCE.format(
                GroundedAnswerSignature.DESCRIPTOR, demos, GroundedAnswerSignature.INSTANCE.inputValues(input));
    }

    /**
     * DSPJ: the answer, into the generated output record.
     *
     * @return the output
     */
    @Benchmark
    public GroundedAnswerOutput dspjParse() {
        return GroundedAnswerSignature.INSTANCE.output(
                ChatAdapter.INSTANCE.parse(GroundedAnswerSignature.DESCRIPTOR, text), completion);
    }

    /**
     * DSPJ: both.
     *
     * @param sink consumes the prompt
     * @return the output
     */
    @Benchmark
    public GroundedAnswerOutput dspjFormatParse(Blackhole sink) {
        sink.consume(dspjFormat());
        return dspjParse();
    }

    /**
     * Baseline, signature metadata read by reflection once: the prompt.
     *
     * @return the messages
     */
    @Benchmark
    public List<ChatMessage> baselineFormat() {
        return ReflectiveChatAdapter.format(meta, baselineDemos, baselineInput);
    }

    /**
     * Baseline, metadata cached: the answer, into the output record.
     *
     * @return the output
     */
    @Benchmark
    public GroundedAnswerSpec.Out baselineParse() {
        return ReflectiveChatAdapter.parse(meta, text);
    }

    /**
     * Baseline, metadata cached: both.
     *
     * @param sink consumes the prompt
     * @return the output
     */
    @Benchmark
    public GroundedAnswerSpec.Out baselineFormatParse(Blackhole sink) {
        sink.consume(baselineFormat());
        return baselineParse();
    }

    /**
     * Baseline reading the signature by reflection on each call: both.
     *
     * @param sink consumes the prompt
     * @return the output
     */
    @Benchmark
    public GroundedAnswerSpec.Out baselineUncachedFormatParse(Blackhole sink) {
        ReflectiveChatAdapter.Meta described = ReflectiveChatAdapter.describe(GroundedAnswerSpec.class);
        sink.consume(ReflectiveChatAdapter.format(described, baselineDemos, baselineInput));
        return ReflectiveChatAdapter.parse(described, text);
    }
}
