package dev.dspj.evaluate;

import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dspj.codec.Codecs;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.usage.MeteredModel;
import dev.dspj.lm.usage.PriceTable;
import dev.dspj.module.CallOptions;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.testing.ScriptedModel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** An evaluation tells its models how many calls it is about to keep in flight. */
class ExpectConcurrentCallsTest {

    private static final SignatureDescriptor QA = SignatureDescriptor.builder("Qa")
            .field(in("question", Codecs.STRING))
            .field(out("answer", Codecs.STRING))
            .build();

    private static List<Example> examples(int count) {
        List<Example> examples = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            examples.add(Example.of("question", "q" + i, "answer", "A").withInputs("question"));
        }
        return examples;
    }

    /** A scripted model that keeps every hint it gets. */
    private static final class Hinted implements LanguageModel {
        private final ScriptedModel answers =
                ScriptedModel.answering(request -> ScriptedModel.chatAnswer("answer", "A"));
        private final List<Integer> hints = new CopyOnWriteArrayList<>();

        @Override
        public String modelName() {
            return "hinted";
        }

        @Override
        public LmResponse complete(LmRequest request) {
            return answers.complete(request);
        }

        @Override
        public void expectConcurrentCalls(int calls) {
            hints.add(calls);
        }
    }

    private static final Metric EXACT =
            Metric.of((gold, prediction) -> gold.get("answer").equals(prediction.get("answer")) ? 1 : 0);

    /** Evaluates a predictor on {@code model} over {@code count} examples, {@code concurrency} at once. */
    private static EvaluationResult evaluate(LanguageModel model, int count, int concurrency, CallOptions options) {
        Predict program = new Predict(QA);
        program.setModel(model);
        return Evaluate.builder(examples(count), EXACT)
                .concurrency(concurrency)
                .progress(false)
                .build()
                .run(program, options);
    }

    @Test
    void anEvaluationTellsEachModelHowManyCallsItKeepsInFlight() {
        Hinted own = new Hinted();
        EvaluationResult result = evaluate(new MeteredModel(own, PriceTable.defaults()), 20, 8, CallOptions.NONE);
        assertEquals(1.0, result.score());
        assertEquals(List.of(8), own.hints, "told once, through the metering wrapper, with the run's concurrency");

        Hinted few = new Hinted();
        evaluate(few, 3, 8, CallOptions.NONE);
        assertEquals(List.of(3), few.hints, "no more at once than there are examples");

        Hinted override = new Hinted();
        evaluate(new Hinted(), 5, 4, CallOptions.model(override));
        assertEquals(List.of(4), override.hints, "the run's model override is told too");
    }

    @Test
    void oneCallAtATimeTellsNothing() {
        Hinted serial = new Hinted();
        evaluate(serial, 5, 1, CallOptions.NONE);
        assertEquals(List.of(), serial.hints);
    }
}
