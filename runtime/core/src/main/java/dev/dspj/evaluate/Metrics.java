package dev.dspj.evaluate;

import dev.dspj.module.Trace;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer metrics DSPy ships ({@code dspy.evaluate.metrics}), with the same normalization and
 * arithmetic, plus the text functions they are built on.
 *
 * <p>Normalization ({@link #normalize(String)}, SQuAD's, as DSPy's {@code normalize_text}):
 * Unicode NFD, lower case, ASCII punctuation removed, the articles {@code a}, {@code an},
 * {@code the} removed as whole words, whitespace collapsed. Gold values may be one answer or a
 * list of acceptable answers (a {@code List}, any {@code Collection} or an array); the best match
 * counts, as in DSPy's {@code answer_exact_match}.
 *
 * <p>The metrics are {@link AsyncMetric}s that compute at once, return feedback text saying why,
 * and fail (an {@link IllegalArgumentException}, listed by {@link Evaluate} as that example's
 * failure) when the example or the prediction lacks the field they read, naming the fields it has.
 */
public final class Metrics {

    /** Python's {@code string.punctuation}: the ASCII punctuation that normalization removes. */
    public static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private static final Pattern DPR_TOKEN = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+|[^\\p{Z}\\p{C}]");
    private static final int QUOTED_CHARS = 80;

    private Metrics() {}

    // ---------------------------------------------------------------- metrics

    /**
     * Exact match after normalization between the prediction's and the example's values of a field
     * (DSPy's {@code answer_exact_match}): 1 or 0.
     *
     * @param field the field, for example {@code answer}; the gold value may be a list of answers
     * @return the metric
     */
    public static AsyncMetric exactMatch(String field) {
        return exactMatch(field, field);
    }

    /**
     * Exact match after normalization between a prediction field and a gold field with another name.
     *
     * @param goldField the example's field (one answer or a list)
     * @param predictionField the prediction's field
     * @return the metric
     */
    public static AsyncMetric exactMatch(String goldField, String predictionField) {
        return new FieldMetric("exactMatch(" + describe(goldField, predictionField) + ")", (gold, prediction) -> {
            List<String> answers = goldAnswers(gold, goldField);
            String predicted = predictionText(prediction, predictionField);
            boolean match = exactMatchAny(predicted, answers);
            return new MetricResult(
                    match ? 1 : 0,
                    match
                            ? "exact match: " + quote(predicted) + " matches " + quote(matching(predicted, answers))
                            : "no exact match: expected " + expected(answers) + ", got " + quote(predicted));
        });
    }

    /**
     * DSPy's {@code answer_exact_match(..., frac)}: with {@code frac >= 1} exact match; below 1,
     * a pass (1) when the best token F1 against the gold answers is at least {@code frac}, else 0.
     *
     * @param field the field
     * @param frac the F1 threshold, in [0, 1]
     * @return the metric
     */
    public static AsyncMetric exactMatch(String field, double frac) {
        if (!(frac >= 0)) {
            throw new IllegalArgumentException("frac must be between 0 and 1, got " + frac);
        }
        if (frac >= 1) {
            return exactMatch(field);
        }
        return new FieldMetric("exactMatch(" + field + ", frac=" + frac + ")", (gold, prediction) -> {
            List<String> answers = goldAnswers(gold, field);
            String predicted = predictionText(prediction, field);
            double f1 = maxF1(predicted, answers);
            boolean pass = f1 >= frac;
            return new MetricResult(
                    pass ? 1 : 0,
                    String.format(
                            Locale.ROOT,
                            "token F1 %.3f %s %s against %s",
                            f1,
                            pass ? ">=" : "<",
                            frac,
                            expected(answers)));
        });
    }

    /**
     * Token F1 after normalization (SQuAD's and DSPy's {@code F1}): the best F1 over the gold
     * answers, in [0, 1].
     *
     * @param field the field; the gold value may be a list of answers
     * @return the metric
     */
    public static AsyncMetric f1(String field) {
        return f1(field, field);
    }

    /**
     * Token F1 between a prediction field and a gold field with another name.
     *
     * @param goldField the example's field (one answer or a list)
     * @param predictionField the prediction's field
     * @return the metric
     */
    public static AsyncMetric f1(String goldField, String predictionField) {
        return new FieldMetric("f1(" + describe(goldField, predictionField) + ")", (gold, prediction) -> {
            List<String> answers = goldAnswers(gold, goldField);
            String predicted = predictionText(prediction, predictionField);
            double f1 = maxF1(predicted, answers);
            return new MetricResult(
                    f1,
                    String.format(
                            Locale.ROOT,
                            "token F1 %.3f: got %s, expected %s",
                            f1,
                            quote(predicted),
                            expected(answers)));
        });
    }

    /**
     * HotpotQA's token F1 (DSPy's {@code HotPotF1}): as {@link #f1(String)}, but 0 when either side
     * normalizes to {@code yes}, {@code no} or {@code noanswer} and they differ.
     *
     * @param field the field; the gold value may be a list of answers
     * @return the metric
     */
    public static AsyncMetric hotpotF1(String field) {
        return new FieldMetric("hotpotF1(" + field + ")", (gold, prediction) -> {
            List<String> answers = goldAnswers(gold, field);
            String predicted = predictionText(prediction, field);
            double best = 0;
            for (String answer : answers) {
                best = Math.max(best, hotpotTokenF1(predicted, answer));
            }
            return new MetricResult(
                    best,
                    String.format(
                            Locale.ROOT,
                            "HotpotQA F1 %.3f: got %s, expected %s",
                            best,
                            quote(predicted),
                            expected(answers)));
        });
    }

    /**
     * DSPy's {@code answer_passage_match}: 1 when a passage of the prediction's {@code context}
     * contains a gold {@code answer} (both normalized, then compared as DPR token sequences), else 0.
     *
     * @return the metric
     */
    public static AsyncMetric passageMatch() {
        return passageMatch("answer", "context");
    }

    /**
     * Passage match with other field names.
     *
     * @param answerField the example's answer field (one answer or a list)
     * @param contextField the prediction's field holding the retrieved passages (a list of texts, or
     *     one text)
     * @return the metric
     */
    public static AsyncMetric passageMatch(String answerField, String contextField) {
        return new FieldMetric("passageMatch(" + answerField + " in " + contextField + ")", (gold, prediction) -> {
            List<String> answers = goldAnswers(gold, answerField);
            Object context = prediction
                    .get(contextField)
                    .orElseThrow(() -> new IllegalArgumentException("passageMatch: the prediction has no '"
                            + contextField + "' (the retrieved passages); its fields are "
                            + prediction.values().keySet()));
            List<String> passages = texts(context);
            for (int i = 0; i < passages.size(); i++) {
                if (passageHasAnswer(passages.get(i), answers)) {
                    return new MetricResult(
                            1, "passage " + (i + 1) + " of " + passages.size() + " contains " + expected(answers));
                }
            }
            return new MetricResult(0, "none of the " + passages.size() + " passages contains " + expected(answers));
        });
    }

    /**
     * Recall of the gold passages among the first {@code k} retrieved, the retrieval metric of
     * DSPy's HotPotQA examples ({@code sum(t in pred.titles[:k] for t in gold_titles) /
     * len(gold_titles)}): the fraction of the example's gold ids or titles that the prediction's
     * first {@code k} retrieved items hold, compared {@linkplain #normalize normalized}. A
     * retrieved item written {@code "Title | text"} (DSPy's Wikipedia abstracts) counts as its
     * title.
     *
     * @param goldField the example's field listing the gold passages' ids or titles, for example
     *     {@code gold_titles}
     * @param retrievedField the prediction's field listing the retrieved passages' ids or titles,
     *     best first
     * @param k how many retrieved items count; at least 1
     * @return the metric, named {@code recall@k(gold in retrieved)}
     * @throws IllegalArgumentException when {@code k} is below 1
     */
    public static AsyncMetric recallAtK(String goldField, String retrievedField, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("recallAtK: k must be at least 1, got " + k);
        }
        return new FieldMetric("recall@" + k + "(" + goldField + " in " + retrievedField + ")", (gold, prediction) -> {
            List<String> golds = goldPassages(gold, goldField, "recallAtK");
            List<String> retrieved = retrieved(prediction, retrievedField, "recallAtK");
            double recall = recallAtK(golds, retrieved, k);
            return new MetricResult(
                    recall,
                    String.format(
                            Locale.ROOT,
                            "recall@%d %.3f: %d of %d gold passages in the first %d of %d retrieved",
                            k,
                            recall,
                            Math.round(recall * golds.size()),
                            golds.size(),
                            Math.min(k, retrieved.size()),
                            retrieved.size()));
        });
    }

    /**
     * DSPy's {@code gold_passages_retrieved}: 1 when every gold passage (id or title) is among the
     * retrieved ones, else 0; compared as {@link #recallAtK(String, String, int)} does, over all
     * retrieved items.
     *
     * @param goldField the example's field listing the gold passages' ids or titles
     * @param retrievedField the prediction's field listing the retrieved passages' ids or titles
     * @return the metric
     */
    public static AsyncMetric goldPassagesRetrieved(String goldField, String retrievedField) {
        return new FieldMetric(
                "goldPassagesRetrieved(" + goldField + " in " + retrievedField + ")", (gold, prediction) -> {
                    List<String> golds = goldPassages(gold, goldField, "goldPassagesRetrieved");
                    List<String> retrieved = retrieved(prediction, retrievedField, "goldPassagesRetrieved");
                    double recall = recallAtK(golds, retrieved, Math.max(1, retrieved.size()));
                    return recall == 1.0
                            ? new MetricResult(1, "all " + golds.size() + " gold passages retrieved")
                            : new MetricResult(
                                    0,
                                    String.format(
                                            Locale.ROOT,
                                            "%d of %d gold passages retrieved",
                                            Math.round(recall * golds.size()),
                                            golds.size()));
                });
    }

    // ---------------------------------------------------------------- text functions

    /**
     * SQuAD/DSPy answer normalization ({@code normalize_text}): NFD, lower case, ASCII punctuation
     * removed, the whole words {@code a}/{@code an}/{@code the} removed, whitespace collapsed.
     *
     * @param text the text
     * @return the normalized text; {@code normalize("The,  Eiffel  Tower!")} is {@code eiffel tower}
     */
    public static String normalize(String text) {
        String lower = Normalizer.normalize(text, Normalizer.Form.NFD).toLowerCase(Locale.ROOT);
        StringBuilder noPunctuation = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (PUNCTUATION.indexOf(c) < 0) {
                noPunctuation.append(c);
            }
        }
        String noArticles = removeArticles(noPunctuation.toString());
        return String.join(" ", whitespaceSplit(noArticles));
    }

    /**
     * Whether two texts are equal after normalization (DSPy's {@code em_score}).
     *
     * @param prediction the predicted text
     * @param gold the gold text
     * @return true on a match
     */
    public static boolean exactMatchScore(String prediction, String gold) {
        return normalize(prediction).equals(normalize(gold));
    }

    /**
     * Whether the prediction matches any gold answer after normalization (DSPy's {@code EM}).
     *
     * @param prediction the predicted text
     * @param golds the acceptable answers, at least one
     * @return true on a match
     */
    public static boolean exactMatchAny(String prediction, Collection<String> golds) {
        requireAnswers(golds);
        for (String gold : golds) {
            if (exactMatchScore(prediction, gold)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Token F1 between two texts after normalization (DSPy's {@code f1_score}): tokens are the
     * whitespace-separated words; 0 when no token is shared (including when both are empty).
     *
     * @param prediction the predicted text
     * @param gold the gold text
     * @return the F1, in [0, 1]
     */
    public static double tokenF1(String prediction, String gold) {
        return f1OfTokens(whitespaceSplit(normalize(prediction)), whitespaceSplit(normalize(gold)));
    }

    /**
     * The best token F1 against several gold answers (DSPy's {@code F1}).
     *
     * @param prediction the predicted text
     * @param golds the acceptable answers, at least one
     * @return the best F1
     */
    public static double maxF1(String prediction, Collection<String> golds) {
        requireAnswers(golds);
        double best = 0;
        for (String gold : golds) {
            best = Math.max(best, tokenF1(prediction, gold));
        }
        return best;
    }

    /**
     * HotpotQA's token F1 (DSPy's {@code hotpot_f1_score}).
     *
     * @param prediction the predicted text
     * @param gold the gold text
     * @return the F1, in [0, 1]
     */
    public static double hotpotTokenF1(String prediction, String gold) {
        String p = normalize(prediction);
        String g = normalize(gold);
        List<String> special = List.of("yes", "no", "noanswer");
        if ((special.contains(p) || special.contains(g)) && !p.equals(g)) {
            return 0;
        }
        return f1OfTokens(whitespaceSplit(p), whitespaceSplit(g));
    }

    /**
     * Token precision after normalization (DSPy's {@code precision_score}): shared tokens over the
     * prediction's tokens; 0 when none is shared.
     *
     * @param prediction the predicted text
     * @param gold the gold text
     * @return the precision, in [0, 1]
     */
    public static double tokenPrecision(String prediction, String gold) {
        List<String> predicted = whitespaceSplit(normalize(prediction));
        int same = overlap(predicted, whitespaceSplit(normalize(gold)));
        return same == 0 ? 0 : (double) same / predicted.size();
    }

    /**
     * Whether a passage contains one of the answers (DPR's {@code has_answer} over DSPy's
     * normalization): both are normalized, split into DPR tokens (runs of letters, digits and marks,
     * or single other visible characters, lower-cased, NFD) and an answer must appear as a
     * contiguous token sequence. As in DSPy, an answer that normalizes to nothing is found in any
     * passage.
     *
     * @param passage the passage text
     * @param answers the answers, at least one
     * @return true when the passage contains an answer
     */
    public static boolean passageHasAnswer(String passage, Collection<String> answers) {
        requireAnswers(answers);
        List<String> text = dprTokens(normalize(passage));
        for (String answer : answers) {
            List<String> tokens = dprTokens(normalize(answer));
            for (int i = 0; i + tokens.size() <= text.size(); i++) {
                if (text.subList(i, i + tokens.size()).equals(tokens)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * DPR's simple tokenizer (as DSPy's {@code DPR_normalize}): NFD, then runs of letters, digits and
     * marks, or single characters that are neither separators nor control characters, lower-cased.
     *
     * @param text the text
     * @return the tokens
     */
    public static List<String> dprTokens(String text) {
        Matcher matcher = DPR_TOKEN.matcher(Normalizer.normalize(text, Normalizer.Form.NFD));
        List<String> tokens = new ArrayList<>();
        while (matcher.find()) {
            tokens.add(matcher.group().toLowerCase(Locale.ROOT));
        }
        return tokens;
    }

    /**
     * The fraction of gold passages (ids or titles) among the first {@code k} retrieved, both
     * {@linkplain #normalize normalized}; a retrieved {@code "Title | text"} counts as its title.
     * Repeated gold values count once.
     *
     * @param gold the gold passages' ids or titles; not empty
     * @param retrieved the retrieved passages' ids or titles, best first
     * @param k how many retrieved items count; at least 1
     * @return the recall, 0..1
     * @throws IllegalArgumentException when there is no gold passage or {@code k} is below 1
     */
    public static double recallAtK(Collection<String> gold, List<String> retrieved, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("recallAtK: k must be at least 1, got " + k);
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String value : gold) {
            wanted.add(normalize(value));
        }
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("recallAtK: no gold passage to look for");
        }
        Set<String> found = new HashSet<>();
        for (String item : retrieved.subList(0, Math.min(k, retrieved.size()))) {
            int bar = item.indexOf(" | ");
            found.add(normalize(bar < 0 ? item : item.substring(0, bar)));
        }
        int hits = 0;
        for (String value : wanted) {
            if (found.contains(value)) {
                hits++;
            }
        }
        return hits / (double) wanted.size();
    }

    /**
     * The gold answers of an example's field: one text, or each element of a list, collection or
     * array, as text.
     *
     * @param gold the example
     * @param field the field
     * @return the answers, at least one
     * @throws IllegalArgumentException when the field is absent or an empty list
     */
    public static List<String> goldAnswers(Example gold, String field) {
        Object value = gold.get(field)
                .orElseThrow(() -> new IllegalArgumentException("the example has no gold '" + field
                        + "'; its fields are " + gold.values().keySet()));
        List<String> answers = texts(value);
        if (answers.isEmpty()) {
            throw new IllegalArgumentException(
                    "the example's gold '" + field + "' is an empty list: there is no answer to match");
        }
        return answers;
    }

    // ---------------------------------------------------------------- internals

    private static List<String> goldPassages(Example gold, String field, String metric) {
        Object value = gold.get(field)
                .orElseThrow(() -> new IllegalArgumentException(metric + ": the example has no gold '" + field
                        + "' (the gold passages' ids or titles); its fields are "
                        + gold.values().keySet()));
        List<String> golds = texts(value);
        if (golds.isEmpty()) {
            throw new IllegalArgumentException(
                    metric + ": the example's gold '" + field + "' is an empty list: there is no passage to find");
        }
        return golds;
    }

    private static List<String> retrieved(Prediction prediction, String field, String metric) {
        Object value = prediction
                .get(field)
                .orElseThrow(() -> new IllegalArgumentException(metric + ": the prediction has no '" + field
                        + "' (the retrieved passages' ids or titles); its fields are "
                        + prediction.values().keySet()));
        return texts(value);
    }

    /** A metric over one example and prediction, computed at once; its name is its toString. */
    private static final class FieldMetric implements AsyncMetric {
        private final String name;
        private final java.util.function.BiFunction<Example, Prediction, MetricResult> body;

        FieldMetric(String name, java.util.function.BiFunction<Example, Prediction, MetricResult> body) {
            this.name = name;
            this.body = body;
        }

        @Override
        public MetricResult score(Example gold, Prediction prediction, Trace trace) {
            Objects.requireNonNull(gold, "gold");
            Objects.requireNonNull(prediction, "prediction");
            return body.apply(gold, prediction);
        }

        @Override
        public CompletableFuture<MetricResult> scoreAsync(Example gold, Prediction prediction, Trace trace) {
            try {
                return CompletableFuture.completedFuture(score(gold, prediction, trace));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static String describe(String goldField, String predictionField) {
        return goldField.equals(predictionField) ? goldField : goldField + " vs " + predictionField;
    }

    private static String predictionText(Prediction prediction, String field) {
        if (!prediction.values().containsKey(field)) {
            throw new IllegalArgumentException("the prediction has no '" + field + "'; its fields are "
                    + prediction.values().keySet());
        }
        return text(prediction.values().get(field));
    }

    /** One value as text: strings as they are, empty optionals as "", enums by name, others by toString. */
    static String text(Object value) {
        Object unwrapped = value instanceof Optional<?> optional ? optional.orElse(null) : value;
        if (unwrapped == null) {
            return "";
        }
        if (unwrapped instanceof Enum<?> constant) {
            return constant.name();
        }
        return String.valueOf(unwrapped);
    }

    /** A value as a list of texts: the elements of a collection or array, else the value itself. */
    static List<String> texts(Object value) {
        Object unwrapped = value instanceof Optional<?> optional ? optional.orElse(null) : value;
        List<String> out = new ArrayList<>();
        if (unwrapped == null) {
            return out;
        }
        if (unwrapped instanceof Collection<?> collection) {
            collection.forEach(element -> out.add(text(element)));
        } else if (unwrapped instanceof Object[] array) {
            for (Object element : array) {
                out.add(text(element));
            }
        } else {
            out.add(text(unwrapped));
        }
        return out;
    }

    private static String matching(String predicted, List<String> answers) {
        for (String answer : answers) {
            if (exactMatchScore(predicted, answer)) {
                return answer;
            }
        }
        return answers.get(0);
    }

    private static String expected(List<String> answers) {
        if (answers.size() == 1) {
            return quote(answers.get(0));
        }
        List<String> quoted = new ArrayList<>(answers.size());
        answers.forEach(answer -> quoted.add(quote(answer)));
        return "one of [" + String.join(", ", quoted) + "]";
    }

    private static String quote(String text) {
        String shown = text.length() <= QUOTED_CHARS ? text : text.substring(0, QUOTED_CHARS - 3) + "...";
        return "\"" + shown.replace("\n", "\\n") + "\"";
    }

    private static void requireAnswers(Collection<String> golds) {
        if (golds.isEmpty()) {
            throw new IllegalArgumentException("no gold answer to compare with");
        }
    }

    private static double f1OfTokens(List<String> predicted, List<String> gold) {
        int same = overlap(predicted, gold);
        if (same == 0) {
            return 0;
        }
        double precision = (double) same / predicted.size();
        double recall = (double) same / gold.size();
        return 2 * precision * recall / (precision + recall);
    }

    /** The size of the multiset intersection (Python's {@code Counter(a) & Counter(b)}). */
    private static int overlap(List<String> a, List<String> b) {
        Map<String, Integer> counts = new HashMap<>();
        for (String token : a) {
            counts.merge(token, 1, Integer::sum);
        }
        int same = 0;
        for (String token : b) {
            Integer left = counts.get(token);
            if (left != null && left > 0) {
                same++;
                counts.put(token, left - 1);
            }
        }
        return same;
    }

    /** Removes the whole words a, an, the (Python's {@code \b(a|an|the)\b} with Unicode word characters). */
    private static String removeArticles(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (!isWordChar(cp)) {
                out.appendCodePoint(cp);
                i += Character.charCount(cp);
                continue;
            }
            int end = i;
            while (end < text.length() && isWordChar(text.codePointAt(end))) {
                end += Character.charCount(text.codePointAt(end));
            }
            String word = text.substring(i, end);
            out.append(word.equals("a") || word.equals("an") || word.equals("the") ? " " : word);
            i = end;
        }
        return out.toString();
    }

    /** Python's Unicode {@code \w}: alphanumeric ({@code str.isalnum}) or underscore. */
    private static boolean isWordChar(int cp) {
        if (cp == '_' || Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    /** Python's {@code str.split()} with no argument: runs of Unicode whitespace separate words. */
    static List<String> whitespaceSplit(String text) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean space = Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
            if (space) {
                if (start >= 0) {
                    words.add(text.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            words.add(text.substring(start));
        }
        return words;
    }
}
