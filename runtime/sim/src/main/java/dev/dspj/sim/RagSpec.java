package dev.dspj.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a retrieval task knows beyond its examples: its corpus, and for each question the entity
 * each hop's query must name, the passage that hop needs, and that passage's key sentence (the
 * fact the answer rests on). Immutable.
 */
final class RagSpec {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern WORD = Pattern.compile("[a-z]+");

    /** What an entity is. */
    enum Kind {
        PERSON,
        TOWN,
        COUNTRY,
        COMPANY
    }

    /** The four kinds of question, with their hop count and what their answer names. */
    enum QuestionKind {
        /** "In which town was P born?": P's passage. */
        BIRTH_TOWN(Kind.TOWN),
        /** "Which company does P work for?": P's passage. */
        EMPLOYER(Kind.COMPANY),
        /** "In which country is the town where P was born?": P's passage, then the town's. */
        BIRTH_COUNTRY(Kind.COUNTRY),
        /** "In which town is the company that P works for headquartered?": P's, then the company's. */
        EMPLOYER_TOWN(Kind.TOWN);

        private final Kind answerKind;

        QuestionKind(Kind answerKind) {
            this.answerKind = answerKind;
        }

        /** What the answer names. */
        Kind answerKind() {
            return answerKind;
        }

        /** 1 or 2. */
        int hops() {
            return this == BIRTH_TOWN || this == EMPLOYER ? 1 : 2;
        }
    }

    /**
     * One hop of a question.
     *
     * @param entity the name a good query for this hop holds
     * @param twin the similar name of the entity's distractor (another passage)
     * @param passageId the passage the hop needs
     * @param title that passage's title
     * @param keySentence the sentence of that passage the answer rests on, in {@link #flat} form
     */
    record Hop(String entity, String twin, String passageId, String title, String keySentence) {}

    /**
     * One question.
     *
     * @param kind what is asked
     * @param hops the hops, in order
     * @param family the family name of the person asked about (a query that drops the given name)
     */
    record Question(QuestionKind kind, List<Hop> hops, String family) {

        Question {
            hops = List.copyOf(hops);
        }
    }

    /**
     * An entity's name and kind.
     *
     * @param name the name as written
     * @param kind what it is
     */
    record Entity(String name, Kind kind) {}

    private final SimCorpus corpus;
    private final Map<String, Question> questions;
    /** Single-word entity names (towns, countries, companies), lower case, to their entity. */
    private final Map<String, Entity> words;

    private final Map<Kind, List<String>> namesByKind;

    RagSpec(SimCorpus corpus, Map<String, Question> questions, List<Entity> entities) {
        this.corpus = corpus;
        this.questions = Collections.unmodifiableMap(new LinkedHashMap<>(questions));
        Map<String, Entity> byWord = new LinkedHashMap<>();
        Map<Kind, List<String>> byKind = new LinkedHashMap<>();
        for (Entity entity : entities) {
            if (entity.kind() != Kind.PERSON) {
                byWord.putIfAbsent(entity.name().toLowerCase(Locale.ROOT), entity);
            }
            byKind.computeIfAbsent(entity.kind(), k -> new ArrayList<>()).add(entity.name());
        }
        this.words = Collections.unmodifiableMap(byWord);
        Map<Kind, List<String>> frozen = new LinkedHashMap<>();
        byKind.forEach((kind, names) -> frozen.put(kind, List.copyOf(names)));
        this.namesByKind = Collections.unmodifiableMap(frozen);
    }

    SimCorpus corpus() {
        return corpus;
    }

    /** The question of an example; the example must be one of the task's. */
    Question question(String exampleId) {
        Question question = questions.get(exampleId);
        if (question == null) {
            throw new IllegalArgumentException("the retrieval task has no example " + exampleId);
        }
        return question;
    }

    boolean has(String exampleId) {
        return questions.containsKey(exampleId);
    }

    /** The names of one kind of entity, in generation order. */
    List<String> names(Kind kind) {
        return namesByKind.getOrDefault(kind, List.of());
    }

    /** Lower case with whitespace collapsed: how key sentences are looked for in a prompt. */
    static String flat(String text) {
        return WHITESPACE.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ");
    }

    /** For each hop, whether a text (in {@link #flat} form) holds its passage's key sentence. */
    static boolean[] present(Question question, String flatText) {
        boolean[] present = new boolean[question.hops().size()];
        for (int i = 0; i < present.length; i++) {
            present[i] = containsName(flatText, question.hops().get(i).keySentence());
        }
        return present;
    }

    /**
     * Whether a text holds a phrase that starts and ends at word boundaries, so that {@code korven
     * talson} is not found in {@code korven talsone} nor {@code akorven talson}.
     */
    static boolean containsName(String text, String phrase) {
        if (phrase.isEmpty()) {
            return false;
        }
        for (int at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
            int end = at + phrase.length();
            boolean startsWord = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
            boolean endsWord = end == text.length()
                    || !Character.isLetterOrDigit(text.charAt(end))
                    || !Character.isLetterOrDigit(phrase.charAt(phrase.length() - 1));
            if (startsWord && endsWord) {
                return true;
            }
        }
        return false;
    }

    /** Whether every hop's key sentence is in the text. */
    static boolean allPresent(boolean[] present) {
        for (boolean hop : present) {
            if (!hop) {
                return false;
            }
        }
        return true;
    }

    /**
     * The hop a query should serve next, given which gold passages the prompt holds: the first
     * hop until its passage is in, then the bridge (for single-hop questions always the first).
     */
    static int targetHop(Question question, boolean[] present) {
        return question.hops().size() > 1 && present[0] ? 1 : 0;
    }

    /** The entities of a kind a text names (single-word names), in the order they first appear. */
    List<String> mentioned(String flatText, Kind kind) {
        List<String> found = new ArrayList<>();
        Matcher word = WORD.matcher(flatText);
        while (word.find()) {
            Entity entity = words.get(word.group());
            if (entity != null && entity.kind() == kind && !found.contains(entity.name())) {
                found.add(entity.name());
            }
        }
        return found;
    }
}
