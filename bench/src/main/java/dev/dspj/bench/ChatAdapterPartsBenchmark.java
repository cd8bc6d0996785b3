package dev.dspj.bench;

import dev.dspj.adapter.ChatAdapter;
import dev.dspj.codec.PythonJson;
import java.util.Map;
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

/**
 * Where {@link ChatAdapterBenchmark#dspjFormat()} spends its time: the parts DSPJ recomputes on
 * every call although they depend only on the (immutable) signature or are one number.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ChatAdapterPartsBenchmark -f 1 -wi 5 -i 5 -w 1s -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChatAdapterPartsBenchmark {

    private double confidence = 0.95;
    private final Map<String, Object> demo = BenchData.dspjDemos().get(0).values();

    /**
     * The system message: field list, structure with output constraints, instructions.
     *
     * @return the text
     */
    @Benchmark
    public String systemMessage() {
        return ChatAdapter.INSTANCE.systemMessage(GroundedAnswerSignature.DESCRIPTOR);
    }

    /**
     * The {@code list[int]} field's constraint: its JSON schema built, sorted and written.
     *
     * @return the text
     */
    @Benchmark
    public String listOutputConstraint() {
        return GroundedAnswerSignature.CITATIONS.codec().outputConstraint();
    }

    /**
     * Python's repr of one float, as each demo's confidence is written.
     *
     * @return the text
     */
    @Benchmark
    public String floatRepr() {
        return PythonJson.floatRepr(confidence);
    }

    /**
     * One demo's user message.
     *
     * @return the text
     */
    @Benchmark
    public String demoUserMessage() {
        return ChatAdapter.INSTANCE.userMessage(GroundedAnswerSignature.DESCRIPTOR, demo, "", false);
    }
}
