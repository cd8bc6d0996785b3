package dev.dspj.lm;

import java.util.Locale;

/** Who speaks a chat message. */
public enum Role {
    /** Instructions that frame the conversation. */
    SYSTEM,
    /** The caller. */
    USER,
    /** The model. */
    ASSISTANT;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /**
     * The role's name in chat APIs: {@code system}, {@code user}, {@code assistant}.
     *
     * @return the wire name
     */
    public String wireName() {
        return wireName;
    }
}
