package dev.dspj.state;

import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;

import dev.dspj.TestTypes;
import dev.dspj.codec.Codecs;
import dev.dspj.module.ChainOfThought;
import dev.dspj.module.ModuleCopier;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.module.PredictorPaths;
import dev.dspj.module.ProgramDescriptor;
import dev.dspj.module.ProgramModule;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.SignatureDescriptor;
import java.util.List;
import java.util.Map;

/**
 * The DSPJ twin of a DSPy program whose saved state is {@code state/dspy-two-hop.json}: the same
 * signatures, and fields named like the DSPy attributes ({@code generate_query}, {@code answer}),
 * with a descriptor written exactly as the processor generates one.
 */
final class TwoHop extends ProgramModule<TwoHop> {

    static final SignatureDescriptor GENERATE_QUERY = SignatureDescriptor.builder("GenerateQuery")
            .instructions("Write a search query that finds the missing fact.")
            .field(in("question", Codecs.STRING))
            .field(out("query", Codecs.STRING))
            .build();

    static final SignatureDescriptor ANSWER = SignatureDescriptor.builder("Answer")
            .instructions("Answer the question with a short factoid answer.")
            .field(in("question", Codecs.STRING))
            .field(in("context", Codecs.list(Codecs.STRING), "passages that may contain the answer"))
            .field(out("answer", Codecs.STRING, "often between 1 and 5 words"))
            .field(out("confidence", Codecs.DOUBLE, "between 0 and 1"))
            .field(out("sentiment", TestTypes.SENTIMENT))
            .build();

    // named like the DSPy program's attributes, so the saved paths match
    ChainOfThought generate_query = new ChainOfThought(GENERATE_QUERY);
    Predict answer = new Predict(ANSWER);

    TwoHop() {
        super(Descriptor.INSTANCE);
    }

    @Override
    public Prediction forward(Map<String, Object> inputs) {
        Prediction query = generate_query.forward(inputs);
        return answer.forward(Map.of(
                "question",
                inputs.get("question"),
                "context",
                List.of("found by " + query.values().get("query"))));
    }

    /** What the processor generates for this class. */
    static final class Descriptor extends ProgramDescriptor<TwoHop> {
        static final Descriptor INSTANCE = new Descriptor();

        private Descriptor() {
            super(TwoHop.class, "Answer a question in two hops", List.of("generate_query", "answer"));
        }

        @Override
        public List<NamedPredictor> namedPredictors(TwoHop program) {
            return PredictorPaths.builder()
                    .add("generate_query", program.generate_query)
                    .add("answer", program.answer)
                    .build();
        }

        @Override
        public TwoHop deepCopy(TwoHop program, ModuleCopier copier) {
            TwoHop copy = new TwoHop();
            copy.generate_query = copier.copy(program.generate_query);
            copy.answer = copier.copy(program.answer);
            return copy;
        }
    }
}
