package dev.dspj.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.ModelRefusedException;
import dev.dspj.primitives.Usage;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.testing.ScriptedModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Predictor calls are recorded into the trace open on the calling thread. */
class TraceTest {

    private static final SignatureDescriptor QA = SignatureDescriptor.builder("QA")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", "String"))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", "String"))
            .build();

    @Test
    void syncAndAsyncCallsAreRecordedInOrderOnlyWhileOpen() throws Exception {
        Predict predict = new Predict(QA);
        predict.setModel(ScriptedModel.answering(request -> ScriptedModel.chatAnswer("answer", "42")));
        predict.forward(Map.of("question", "before"));
        try (Trace trace = Trace.start()) {
            predict.forward(Map.of("question", "one"));
            predict.forwardAsync(Map.of("question", "two"), CallOptions.NONE).get();
            try (Trace inner = Trace.start()) {
                predict.forward(Map.of("question", "inner"));
                assertEquals(1, inner.entries().size());
            }
            List<TraceEntry> entries = trace.entries();
            assertEquals(2, entries.size());
            assertSame(predict, entries.get(0).predictor());
            assertEquals("one", entries.get(0).inputs().get("question"));
            assertEquals("42", entries.get(1).prediction().values().get("answer"));
        }
        assertTrue(Trace.current().entries().isEmpty(), "nothing is recorded once closed");
    }

    @Test
    void aRefusalIsAClearErrorNotAParseFailure() {
        LanguageModel refusing = new LanguageModel() {
            @Override
            public String modelName() {
                return "refuser";
            }

            @Override
            public LmResponse complete(LmRequest request) {
                return new LmResponse(
                        List.of(""), Usage.NONE, "refuser", "stop", false, List.of(), "I can't help with that.");
            }
        };
        Predict predict = new Predict(QA);
        predict.setModel(refusing);
        ModelRefusedException e =
                assertThrows(ModelRefusedException.class, () -> predict.forward(Map.of("question", "x")));
        assertTrue(e.getMessage().contains("refused to answer: I can't help with that."), e.getMessage());
    }
}
