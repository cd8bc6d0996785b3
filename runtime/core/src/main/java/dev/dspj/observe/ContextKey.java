package dev.dspj.observe;

import java.util.Objects;

/**
 * A typed key for a value that travels in a {@link CallContext} (the usage being counted for a
 * program run, a stream's session), compared by identity.
 *
 * @param <T> the value's type
 */
@SuppressWarnings("UnusedTypeParameter") // the type ties a key to its value at compile time
public final class ContextKey<T> {

    private final String name;

    private ContextKey(String name) {
        this.name = name;
    }

    /**
     * Creates a key; keep it in a constant, since two keys with the same name are different keys.
     *
     * @param name a name for messages
     * @param <T> the value's type
     * @return the key
     */
    public static <T> ContextKey<T> named(String name) {
        return new ContextKey<>(Objects.requireNonNull(name, "name"));
    }

    @Override
    public String toString() {
        return "ContextKey(" + name + ")";
    }
}
