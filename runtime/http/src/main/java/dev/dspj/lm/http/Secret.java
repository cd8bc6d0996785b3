package dev.dspj.lm.http;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An API key. Its {@code toString()} never shows it; {@link #redact(String)} removes it from any
 * text (provider error messages sometimes echo the key).
 */
public final class Secret {

    private static final Secret NONE = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a key.
     *
     * @param value the key; null or blank for none
     * @return the secret
     */
    public static Secret of(String value) {
        return value == null || value.isBlank() ? NONE : new Secret(value.strip());
    }

    /**
     * No key (local servers such as Ollama need none).
     *
     * @return the empty secret
     */
    public static Secret none() {
        return NONE;
    }

    /**
     * Whether a key is present.
     *
     * @return true when non-empty
     */
    public boolean isPresent() {
        return !value.isEmpty();
    }

    /** The key itself, only for building the request's authentication header. */
    String reveal() {
        return value;
    }

    /**
     * Removes the key from a text.
     *
     * @param text any text, possibly null
     * @return the text with every occurrence of the key replaced by {@code [redacted]}
     */
    public @Nullable String redact(@Nullable String text) {
        if (text == null || value.isEmpty()) {
            return text;
        }
        return text.replace(value, "[redacted]");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && Objects.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "Secret[none]" : "Secret[redacted]";
    }
}
