package dev.dspj.sim;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/** Makes unique, pronounceable invented names from syllables, so tasks need no data files. */
final class NameMaker {

    private static final List<String> SYLLABLES = List.of(
            "ka", "lo", "mar", "ven", "tri", "sol", "dor", "ael", "bri", "qua", "zen", "ful", "nor", "est", "rin",
            "tal", "vek", "mos", "pel", "gra", "ith", "cor", "lun", "sha", "bel", "tor", "mi", "dra", "ost", "fen",
            "ro", "vin", "ula", "pra", "sel", "hal", "gor", "ne", "ami", "zor", "tes", "bru", "lia", "kel");

    private final Random random;
    private final Set<String> used = new HashSet<>();

    NameMaker(Random random) {
        this.random = random;
    }

    /** A capitalized name of two or three syllables plus one of the endings, never returned before. */
    String unique(List<String> endings) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            StringBuilder name = new StringBuilder();
            int syllables = 2 + random.nextInt(2);
            for (int i = 0; i < syllables; i++) {
                name.append(SYLLABLES.get(random.nextInt(SYLLABLES.size())));
            }
            name.append(endings.get(random.nextInt(endings.size())));
            String candidate = capitalize(name.toString());
            if (used.add(candidate.toLowerCase(Locale.ROOT))) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "ran out of unique invented names after " + used.size() + "; ask for fewer examples");
    }

    /**
     * Two names of one stem with different endings ({@code Rilford}, {@code Rilby}), neither
     * returned before: an entity and its similar-named distractor.
     */
    String[] uniquePair(List<String> endings) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            StringBuilder stem = new StringBuilder();
            int syllables = 2 + random.nextInt(2);
            for (int i = 0; i < syllables; i++) {
                stem.append(SYLLABLES.get(random.nextInt(SYLLABLES.size())));
            }
            int first = random.nextInt(endings.size());
            int second = (first + 1 + random.nextInt(endings.size() - 1)) % endings.size();
            String a = capitalize(stem + endings.get(first));
            String b = capitalize(stem + endings.get(second));
            String lowerA = a.toLowerCase(Locale.ROOT);
            String lowerB = b.toLowerCase(Locale.ROOT);
            if (!used.contains(lowerA) && !used.contains(lowerB)) {
                used.add(lowerA);
                used.add(lowerB);
                return new String[] {a, b};
            }
        }
        throw new IllegalStateException(
                "ran out of unique invented names after " + used.size() + "; ask for fewer examples");
    }

    /** A first name and a family name, the pair never returned before. */
    String person() {
        return unique(List.of("", "a", "o", "en")) + " " + unique(List.of("", "ek", "son", "ova", "ley"));
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
