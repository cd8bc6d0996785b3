package dev.dspj.bench;

import dev.dspj.bench.baseline.GroundedAnswerSpec;
import dev.dspj.bench.baseline.ReflectiveChatAdapter.Demo;
import dev.dspj.primitives.Example;
import java.util.List;

/**
 * The fixed data every Chat benchmark uses, in both DSPJ's and the baseline's form: three
 * complete demos, one input and one well-formed completion.
 */
public final class BenchData {

    private BenchData() {}

    /** The demos as DSPJ's generated example records. */
    public static final List<GroundedAnswerExample> DEMOS = List.of(
            GroundedAnswerExample.builder()
                    .question("Which river flows through Vienna?")
                    .context(List.of(
                            "Vienna is the capital of Austria.",
                            "The Danube flows through Vienna, Bratislava and Budapest.",
                            "The Rhine rises in the Swiss Alps."))
                    .hint("a river name")
                    .answer("The Danube")
                    .confidence(0.95)
                    .citations(List.of(2))
                    .build(),
            GroundedAnswerExample.builder()
                    .question("Who wrote \"Pride and Prejudice\"?")
                    .context(List.of(
                            "Pride and Prejudice is an 1813 novel by Jane Austen.",
                            "Charlotte Brontë wrote Jane Eyre."))
                    .hint("an English novelist")
                    .answer("Jane Austen")
                    .confidence(0.9)
                    .citations(List.of(1))
                    .build(),
            GroundedAnswerExample.builder()
                    .question("How many moons does Mars have?")
                    .context(List.of(
                            "Mars has two small moons, Phobos and Deimos.",
                            "Jupiter has dozens of moons.",
                            "Phobos orbits Mars three times a day.",
                            "Deimos is the smaller of the two."))
                    .hint("a number")
                    .answer("2")
                    .confidence(0.85)
                    .citations(List.of(1, 4))
                    .build());

    /** The input of the call. */
    public static final GroundedAnswerInput INPUT = new GroundedAnswerInput(
            "What is the capital of France?",
            List.of(
                    "Berlin is the capital of Germany.",
                    "Paris is the capital and largest city of France.",
                    "Lyon is France's third-largest city.",
                    "The Seine flows through Paris."),
            "a city");

    /** The model's answer, in the Chat format. */
    public static final String COMPLETION = """
            [[ ## answer ## ]]
            Paris

            [[ ## confidence ## ]]
            0.93

            [[ ## citations ## ]]
            [2, 4]

            [[ ## completed ## ]]
            """;

    /** The demos as untyped examples, as a DSPJ predictor holds them. */
    public static List<Example> dspjDemos() {
        return DEMOS.stream().map(GroundedAnswerExample::toExample).toList();
    }

    /** The demos as the baseline's input and output records. */
    public static List<Demo> baselineDemos() {
        return DEMOS.stream()
                .map(demo -> new Demo(
                        new GroundedAnswerSpec.In(demo.question(), demo.context(), demo.hint()),
                        new GroundedAnswerSpec.Out(demo.answer(), demo.confidence(), demo.citations())))
                .toList();
    }

    /** The input as the baseline's input record. */
    public static GroundedAnswerSpec.In baselineInput() {
        return new GroundedAnswerSpec.In(INPUT.question(), INPUT.context(), INPUT.hint());
    }
}
