package dev.dspj.sim;

import dev.dspj.adapter.ChatAdapter;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.retrieve.Passage;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prompts and a two-hop program for the retrieval task's tests. */
final class RagHarness {

    /** The default task: 300 questions over 20,000 passages, generated once for all tests. */
    static final SimRagTask RAG = SimTasks.multiHopQa();

    static final FieldDescriptor<List<String>> CONTEXT =
            FieldDescriptor.input("context", Codecs.list(Codecs.STRING), "may contain relevant facts", null);
    static final FieldDescriptor<String> QUESTION = FieldDescriptor.input("question", Codecs.STRING, "", null);

    /** context, question -> query (DSPy's GenerateSearchQuery). */
    static final SignatureDescriptor QUERY = SignatureDescriptor.builder("GenerateSearchQuery")
            .instructions("Write a simple search query that will help answer a complex question.")
            .field(CONTEXT)
            .field(QUESTION)
            .field(FieldDescriptor.output("query", Codecs.STRING, "", null))
            .build();

    /** context, question -> answer (DSPy's GenerateAnswer). */
    static final SignatureDescriptor ANSWER = SignatureDescriptor.builder("GenerateAnswer")
            .instructions("Answer questions with short factoid answers.")
            .field(CONTEXT)
            .field(QUESTION)
            .field(FieldDescriptor.output("answer", Codecs.STRING, "often between 1 and 5 words", null))
            .build();

    /** Both hint phrases, as an optimizer would add them. */
    static final String HINTED =
            " Search for the exact name of the entity, then for the bridge entity the first" + " passage names.";

    private RagHarness() {}

    /** A Chat prompt for one step. */
    static LmRequest request(SignatureDescriptor signature, SimExample example, List<String> context) {
        return request(signature, example, context, List.of());
    }

    static LmRequest request(
            SignatureDescriptor signature, SimExample example, List<String> context, List<Example> demos) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("context", context);
        inputs.put("question", example.inputs().get("question"));
        return new LmRequest(ChatAdapter.INSTANCE.format(signature, demos, inputs), LmSettings.DEFAULTS);
    }

    /** The texts of some passages by id. */
    static List<String> texts(List<String> ids) {
        List<String> texts = new ArrayList<>();
        for (String id : ids) {
            texts.add(RAG.corpus().passage(id).orElseThrow().text());
        }
        return texts;
    }

    /**
     * A perfect retriever of what a query names: the passages whose title the query holds as whole
     * words (people are two words, everything else one), in the order they appear; for a query that
     * names nothing, one passage chosen by the query's hash, as a real retriever always returns
     * something (so the next step's prompt differs, and its draw is new).
     */
    static final class TitleRetriever {
        private final Map<String, Passage> byTitle = new HashMap<>();
        private final List<Passage> all;

        TitleRetriever(SimCorpus corpus) {
            all = corpus.passages();
            for (Passage passage : corpus.passages()) {
                byTitle.putIfAbsent(passage.title().toLowerCase(Locale.ROOT), passage);
            }
        }

        List<Passage> retrieve(String query) {
            String[] words = query.toLowerCase(Locale.ROOT).split("[^a-z]+");
            List<Passage> found = new ArrayList<>();
            for (int i = 0; i < words.length; i++) {
                Passage two = i + 1 < words.length ? byTitle.get(words[i] + " " + words[i + 1]) : null;
                Passage one = byTitle.get(words[i]);
                for (Passage passage : new Passage[] {two, one}) {
                    if (passage != null && !found.contains(passage)) {
                        found.add(passage);
                    }
                }
            }
            if (found.isEmpty()) {
                found.add(all.get(Math.floorMod(query.hashCode(), all.size())));
            }
            return found;
        }
    }

    /** What one run of the two-hop program did. */
    record Run(String answer, List<String> contextIds) {}

    /**
     * DSPy's multi-hop program with two query steps: query, retrieve, query from the context,
     * retrieve, answer from the accumulated context.
     */
    static Run twoHop(LanguageModel model, TitleRetriever retriever, SimExample example, String extraInstructions) {
        Predict query = new Predict(QUERY.withInstructions(QUERY.instructions() + extraInstructions));
        Predict answer = new Predict(ANSWER.withInstructions(ANSWER.instructions() + extraInstructions));
        query.setModel(model);
        answer.setModel(model);
        List<String> context = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int hop = 0; hop < 2; hop++) {
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("context", List.copyOf(context));
            inputs.put("question", example.inputs().get("question"));
            String text = (String) query.forward(inputs).get("query").orElseThrow();
            for (Passage passage : retriever.retrieve(text)) {
                if (!ids.contains(passage.id())) {
                    ids.add(passage.id());
                    context.add(passage.text());
                }
            }
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("context", List.copyOf(context));
        inputs.put("question", example.inputs().get("question"));
        return new Run((String) answer.forward(inputs).get("answer").orElseThrow(), ids);
    }
}
