package dev.dspj.samples.program;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A tiny keyword search over passages held in memory: the retriever of {@link TwoStepQa}. */
public final class PassageSearch {

    /** A few passages about European capitals and rivers. */
    public static final PassageSearch SAMPLE = new PassageSearch(List.of(
            "Paris is the capital and largest city of France.",
            "The Seine flows through Paris before reaching the English Channel.",
            "Berlin is the capital of Germany; the Spree runs through it.",
            "Vienna, the capital of Austria, lies on the Danube.",
            "Lisbon is the capital of Portugal, on the estuary of the Tagus."));

    private final List<String> passages;

    /**
     * Creates a search over passages.
     *
     * @param passages the passages
     */
    public PassageSearch(List<String> passages) {
        this.passages = List.copyOf(passages);
    }

    /**
     * The passages sharing the most words with the query, best first.
     *
     * @param query the query
     * @param k how many passages
     * @return at most {@code k} passages
     */
    public List<String> search(String query, int k) {
        Set<String> words = words(query);
        return passages.stream()
                .sorted(Comparator.comparingLong((String passage) -> overlap(words, passage))
                        .reversed())
                .limit(k)
                .toList();
    }

    private static long overlap(Set<String> words, String passage) {
        return words(passage).stream().filter(words::contains).count();
    }

    private static Set<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{Nd}]+"))
                .filter(word -> word.length() > 2)
                .collect(Collectors.toSet());
    }
}
