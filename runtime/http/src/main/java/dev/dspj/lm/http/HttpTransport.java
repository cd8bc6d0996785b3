package dev.dspj.lm.http;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Posts JSON to one API and returns the status, headers and body whatever the status, or streams
 * the body's bytes. One instance per model or embedding client; {@link Transport} chooses the
 * implementation.
 *
 * <p>Failures reach callers in transport-neutral types, so the clients map them in one place
 * ({@link ErrorMapping#transportFailure}): {@link java.net.http.HttpTimeoutException} when no answer
 * came within the read timeout, {@link java.net.http.HttpConnectTimeoutException} or another
 * {@link java.io.IOException} when the server could not be reached, {@link StatusException} when a
 * streamed request was answered with an error status.
 */
interface HttpTransport extends AutoCloseable {

    /**
     * A response, successful or not.
     *
     * @param status the HTTP status
     * @param body the body bytes, possibly empty
     * @param headers reads a header, or null when absent
     */
    @SuppressWarnings("ArrayRecordComponent") // a carrier from the transport to its caller, never compared
    record Response(int status, byte[] body, Function<String, @Nullable String> headers) {}

    /** A streamed request answered with an error status: the whole response, to map as a plain one is. */
    final class StatusException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** The response; not serialized (the exception never leaves the process). */
        @SuppressWarnings("serial")
        private final transient Response response;

        StatusException(Response response) {
            super("HTTP " + response.status(), null, false, false);
            this.response = response;
        }

        Response response() {
            return response;
        }
    }

    /**
     * Opens a transport for an API.
     *
     * @param kind which HTTP client
     * @param baseUrl the API's base URL; requests go to its path plus theirs
     * @param connectTimeout to open a connection
     * @param readTimeout to wait for an answer
     * @param maxConnections the most connections at once; 0 for the transport's default
     * @return the transport, ready for requests
     */
    static HttpTransport open(
            Transport kind, URI baseUrl, Duration connectTimeout, Duration readTimeout, int maxConnections) {
        return switch (kind) {
            case MICRONAUT -> new MicronautTransport(baseUrl, connectTimeout, readTimeout, maxConnections);
            case JDK -> new JdkTransport(baseUrl, connectTimeout, readTimeout);
        };
    }

    /**
     * Posts a JSON body.
     *
     * @param path the path after the base URL's
     * @param headers the request's headers
     * @param body the JSON bytes
     * @return the response, whatever its status; cancelling it cancels the request
     */
    CompletableFuture<Response> post(String path, Map<String, String> headers, byte[] body);

    /**
     * Posts a JSON body and streams the answer's bytes as they arrive.
     *
     * @param path the path after the base URL's
     * @param headers the request's headers
     * @param body the JSON bytes
     * @return the body's chunks; an error status fails with {@link StatusException}
     */
    Flux<byte[]> stream(String path, Map<String, String> headers, byte[] body);

    /** Many requests are about to be made at once: a transport with a start-up path gets ready for them. */
    default void expectConcurrentRequests() {}

    /** Closes the connections; later calls do nothing. */
    @Override
    void close();

    /**
     * A stream answered with an error status: its chunks read to the end and joined, then failed
     * as a {@link StatusException} carrying the whole response, as a plain request's answer does.
     *
     * @param chunks the body's chunks
     * @param status the status
     * @param headers the response's headers by name
     * @return a stream that fails once the body is in
     */
    static Flux<byte[]> failedWithStatus(Flux<byte[]> chunks, int status, Function<String, @Nullable String> headers) {
        return chunks.reduce(HttpTransport::concat)
                .defaultIfEmpty(new byte[0])
                .flatMapMany(whole -> Flux.error(new StatusException(new Response(status, whole, headers))));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /**
     * The scheme, host and port of a base URL, checked.
     *
     * @throws IllegalArgumentException naming the URL when it is not a valid http(s) URL
     */
    static URI root(URI baseUrl) {
        try {
            URI root = new URI(baseUrl.getScheme(), null, baseUrl.getHost(), baseUrl.getPort(), null, null, null);
            root.toURL();
            return root;
        } catch (MalformedURLException | URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException("base URL " + baseUrl + " is not a valid http(s) URL", e);
        }
    }

    /** A base URL's path without a trailing slash, the prefix of every request's path. */
    static String basePath(URI baseUrl) {
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /**
     * A client's base URL from its builder's text, checked once for every client.
     *
     * @param value the URL text; null for none
     * @return the URL, or null
     * @throws IllegalArgumentException naming the text when it is not a URL
     */
    static @Nullable URI baseUrl(@Nullable String value) {
        try {
            return value == null ? null : new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("base URL \"" + value + "\" is not a valid URL: " + e.getReason(), e);
        }
    }
}
