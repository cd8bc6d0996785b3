package dev.dspj.optimize;

import dev.dspj.codec.Codecs;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.Metric;
import dev.dspj.lm.LanguageModel;
import dev.dspj.module.Module;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModel;
import java.util.List;

/** The optimizers' test bed: the simulated factoid QA task, a question -> answer predictor, an exact-match metric. */
final class QaFixture {

    /** The simulated QA task (300 examples, the default seed). */
    static final SimTask TASK = SimTasks.factoidQa();

    /** question -> answer. */
    static final SignatureDescriptor QA = SignatureDescriptor.builder("FactoidQa")
            .field(FieldDescriptor.input("question", Codecs.STRING, "a question about a place or a person", null))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", null))
            .build();

    /** Exact match on the answer, after DSPy's normalization. */
    static final Metric EXACT_MATCH = Metric.of((gold, prediction) -> {
        Object predicted = prediction.values().get("answer");
        Object expected = gold.values().get("answer");
        return predicted != null
                        && expected != null
                        && Majority.normalize(predicted.toString()).equals(Majority.normalize(expected.toString()))
                ? 1
                : 0;
    });

    private QaFixture() {}

    /** The first {@code n} examples: the training set. */
    static List<Example> train(int n) {
        return TASK.toExamples().subList(0, n);
    }

    /** {@code n} examples after the first 150: the dev set, disjoint from any training set of up to 150. */
    static List<Example> dev(int n) {
        return TASK.toExamples().subList(150, 150 + n);
    }

    /** A zero-shot predictor on an in-process simulated model. */
    static Predict student(String model) {
        return student(SimulatedModel.of(model));
    }

    /** A zero-shot predictor on a model. */
    static Predict student(LanguageModel model) {
        Predict predict = new Predict(QA);
        predict.setModel(model);
        return predict;
    }

    /** The mean exact match of a program on examples. */
    static double score(Module program, List<Example> examples) {
        return Evaluate.builder(examples, EXACT_MATCH)
                .progress(false)
                .concurrency(8)
                .build()
                .run(program)
                .score();
    }
}
