package dev.dspj.lm.http;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which HTTP client a model or embedding client sends its requests with. Both post the same bytes,
 * stream server-sent events, honour the timeouts, and report failures the same way.
 *
 * <p>The default is {@link #MICRONAUT}; the environment variable {@value #ENVIRONMENT_VARIABLE}
 * ({@code micronaut} or {@code jdk}) changes it for every client that does not choose one.
 */
public enum Transport {
    /**
     * Micronaut's non-blocking client on Netty: a bounded connection pool per client, the same
     * event loop for plain and streamed requests. Building it loads Micronaut and Netty (about
     * 0.7 s of a cold JVM, done on a background thread from the client's construction on).
     */
    MICRONAUT,

    /**
     * The JDK's {@code java.net.http.HttpClient}: nothing to load beyond the JDK, so a process's
     * first answer comes sooner (command-line tools, serverless functions, short scripts). HTTP/2
     * over TLS when the server offers it, HTTP/1.1 otherwise. The JDK refuses the headers
     * {@code Connection}, {@code Content-Length}, {@code Expect}, {@code Host} and {@code Upgrade};
     * a client that sets one is refused when it is built.
     */
    JDK;

    /** The environment variable that sets the transport of clients that do not choose one. */
    public static final String ENVIRONMENT_VARIABLE = "DSPJ_HTTP_TRANSPORT";

    /**
     * The transport named by a word, as {@value #ENVIRONMENT_VARIABLE} gives it.
     *
     * @param value {@code micronaut} or {@code jdk}, in any case
     * @return the transport
     * @throws IllegalArgumentException naming the value and the words accepted
     */
    public static Transport parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "micronaut", "netty" -> MICRONAUT;
            case "jdk", "java" -> JDK;
            default ->
                throw new IllegalArgumentException(
                        "HTTP transport \"" + value + "\" is not known; expected micronaut or jdk");
        };
    }

    /**
     * The default transport: {@value #ENVIRONMENT_VARIABLE} when set, otherwise {@link #MICRONAUT}.
     *
     * @return the transport
     * @throws IllegalArgumentException when the variable holds something else
     */
    static Transport fromEnvironment() {
        @Nullable String value = System.getenv(ENVIRONMENT_VARIABLE);
        if (value == null || value.isBlank()) {
            return MICRONAUT;
        }
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + "=" + value + ": expected micronaut or jdk", e);
        }
    }
}
