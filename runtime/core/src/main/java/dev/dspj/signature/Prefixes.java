package dev.dspj.signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** DSPy's {@code infer_prefix}: the label a field gets in saved state ({@code zipCode} → {@code Zip Code:}). */
public final class Prefixes {

    private Prefixes() {}

    /**
     * Infers a field's prefix from its name: words split at underscores, case changes and digits,
     * each capitalized unless it is all upper case, followed by a colon.
     *
     * @param name the field name
     * @return the prefix, for example {@code Question:}
     */
    public static String infer(String name) {
        String s = name.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        s = s.replaceAll("([a-z0-9])([A-Z])", "$1_$2");
        s = s.replaceAll("([a-zA-Z])(\\d)", "$1_$2");
        s = s.replaceAll("(\\d)([a-zA-Z])", "$1_$2");
        List<String> words = new ArrayList<>();
        for (String word : s.split("_", -1)) {
            if (!word.isEmpty()
                    && word.equals(word.toUpperCase(Locale.ROOT))
                    && !word.equals(word.toLowerCase(Locale.ROOT))) {
                words.add(word);
            } else if (word.isEmpty()) {
                words.add(word);
            } else {
                words.add(Character.toUpperCase(word.charAt(0))
                        + word.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return String.join(" ", words) + ":";
    }
}
