package dev.dspj.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request the simulated server received, as it arrived, for tests: they can check the
 * headers a client sent (that an API key was sent, or that it was not leaked elsewhere) and the
 * body.
 *
 * @param method the HTTP method
 * @param path the request path, with its query string
 * @param headers header name (lower case) to values
 * @param body the body as UTF-8 text
 * @param receivedAt when it arrived
 */
public record ReceivedRequest(
        String method, String path, Map<String, List<String>> headers, String body, Instant receivedAt) {

    /**
     * Freezes the headers, with lower-case names.
     *
     * @param method the HTTP method
     * @param path the path
     * @param headers the headers
     * @param body the body
     * @param receivedAt the arrival time
     */
    public ReceivedRequest {
        Map<String, List<String>> lower = new TreeMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
        lower.replaceAll((name, values) -> List.copyOf(values));
        headers = Map.copyOf(lower);
    }

    /**
     * The first value of a header.
     *
     * @param name the header's name, in any case
     * @return the value, if the header was sent
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
