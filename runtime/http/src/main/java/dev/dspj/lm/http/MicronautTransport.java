package dev.dspj.lm.http;

import io.micronaut.core.io.buffer.ByteArrayBufferFactory;
import io.micronaut.http.ByteBodyHttpResponse;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.body.ByteBodyFactory;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.http.client.netty.DefaultHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * HTTP on the Micronaut client (Netty, non-blocking), {@link Transport#MICRONAUT}.
 *
 * <p>Its Netty event loop runs on daemon threads named {@code dspj-http-eventloop-<client>-<n>}, so
 * a program whose {@code main} returns ends even when it never closed its models (Micronaut's own
 * default threads are not daemons and would keep the JVM alive). {@link #close()} shuts the event
 * loop down; calling it again does nothing.
 *
 * <p>Building the Micronaut client takes most of a second of a fresh JVM (Micronaut's conversion
 * service, codecs, Netty's bootstrap), and on a machine of few cores that work slows whatever runs
 * beside it. So it is built on a background thread only once the first plain request is answered
 * or a second one is made while the first is on its way; until it is up, one request at a time goes
 * through the JDK's {@link java.net.http.HttpClient} ({@link JdkTransport}) and the others wait for
 * the Micronaut client. A program that makes one call (a command, a function) gets its answer at
 * the JDK client's cost; one that starts many at once (an evaluation) sends them on Netty's cheaper
 * path as soon as it can. Should the Micronaut client fail to start (for example beside another
 * Netty version), the JDK's client answers every request, with one warning logged.
 */
final class MicronautTransport implements HttpTransport {

    private static final Logger LOG = LoggerFactory.getLogger(MicronautTransport.class);

    /** Wraps a request's bytes as the body of a raw exchange. */
    private static final ByteBodyFactory BODIES = ByteBodyFactory.createDefault(ByteArrayBufferFactory.INSTANCE);

    /** Numbers the transports, to tell their event-loop threads apart. */
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    /**
     * One client for plain and streamed requests (DefaultHttpClient is both, on one event loop),
     * completed by {@link #build} once {@link #startBuilding()} started it (see the class comment).
     */
    private final CompletableFuture<DefaultHttpClient> client;

    private final String basePath;
    /** The base URL's scheme, host and port ({@code http://127.0.0.1:8080}): a raw exchange takes absolute URIs. */
    private final String origin;

    private final AtomicBoolean closed = new AtomicBoolean();
    private final URI baseUrl;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    /** The JDK's client, for plain requests made while the Micronaut client starts; null until one is. */
    private @Nullable JdkTransport starting;

    private final Runnable build;
    private final java.util.function.Consumer<Runnable> starter;
    private final AtomicBoolean building = new AtomicBoolean();
    private final AtomicBoolean warnedOfFailedStart = new AtomicBoolean();
    /** Whether a request is on its way through the JDK's client while the Micronaut client starts. */
    private final AtomicBoolean startingInFlight = new AtomicBoolean();
    /** Whether many requests are coming ({@link #expectConcurrentRequests()}): none goes through the JDK's client. */
    private volatile boolean concurrentRequestsExpected;

    MicronautTransport(URI baseUrl, Duration connectTimeout, Duration readTimeout, int maxConnections) {
        this(
                baseUrl,
                connectTimeout,
                readTimeout,
                maxConnections,
                build -> {
                    Thread builder = new Thread(build, "dspj-http-start");
                    builder.setDaemon(true);
                    builder.start();
                },
                null);
    }

    /**
     * A transport whose Micronaut client is built by {@code starter} with {@code factory} (tests
     * hold the build back, or make it fail).
     *
     * @param starter runs the build, on another thread
     * @param factory makes the client; null for the one configured here
     */
    MicronautTransport(
            URI baseUrl,
            Duration connectTimeout,
            Duration readTimeout,
            int maxConnections,
            java.util.function.Consumer<Runnable> starter,
            java.util.function.@Nullable Supplier<DefaultHttpClient> factory) {
        this.baseUrl = baseUrl;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        URI root = HttpTransport.root(baseUrl);
        this.basePath = HttpTransport.basePath(baseUrl);
        this.origin = root.toString();
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setConnectTimeout(connectTimeout);
        configuration.setReadTimeout(readTimeout);
        configuration.setExceptionOnErrorStatus(false);
        configuration.setFollowRedirects(false);
        configuration.setMaxContentLength(64 * 1024 * 1024);
        if (maxConnections > 0) {
            configuration.getConnectionPoolConfiguration().setMaxConcurrentHttp1Connections(maxConnections);
        }
        if ("http".equalsIgnoreCase(root.getScheme())) {
            // plain HTTP (a local server, a proxy): no TLS context to build and keep
            configuration.getSslConfiguration().setEnabled(false);
        }
        // Micronaut makes the client's event loop with a new instance of this class
        configuration.setThreadFactory(DaemonThreads.class);
        this.client = new CompletableFuture<>();
        this.starter = starter;
        this.build = () -> {
            try {
                client.complete(
                        factory != null
                                ? factory.get()
                                : DefaultHttpClient.builder()
                                        .uri(root)
                                        .configuration(configuration)
                                        .build());
            } catch (RuntimeException | Error e) {
                client.completeExceptionally(e);
            }
        };
    }

    /** Starts building the Micronaut client, once. */
    private void startBuilding() {
        if (!closed.get() && building.compareAndSet(false, true)) {
            starter.accept(build);
        }
    }

    /** The JDK transport that answers while the Micronaut client starts, opened the first time. */
    private synchronized JdkTransport starting() {
        JdkTransport jdk = starting;
        if (jdk == null) {
            jdk = new JdkTransport(baseUrl, connectTimeout, readTimeout);
            starting = jdk;
            if (closed.get()) {
                jdk.close();
            }
        }
        return jdk;
    }

    /**
     * Makes a client's event-loop threads: daemon threads, so a program need not close its models
     * to end (they do nothing once no request is in flight). Public with a public constructor only
     * because Micronaut instantiates it by reflection from {@code HttpClientConfiguration#setThreadFactory};
     * not part of DSPJ's API (its enclosing class is package-private).
     */
    public static final class DaemonThreads implements ThreadFactory {
        private final String prefix = "dspj-http-eventloop-" + CLIENTS.incrementAndGet() + "-";
        private final AtomicInteger count = new AtomicInteger();

        /** Creates the factory for one client's event loop (Micronaut calls this). */
        public DaemonThreads() {}

        /**
         * A daemon thread for the event loop.
         *
         * @param runnable what the thread runs
         * @return the thread, not started
         */
        @Override
        public Thread newThread(Runnable runnable) {
            // Netty's FastThreadLocalThread keeps its thread-locals (buffer caches) fast on the event loop
            Thread thread =
                    new io.netty.util.concurrent.FastThreadLocalThread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    @Override
    public CompletableFuture<Response> post(String path, Map<String, String> headers, byte[] body) {
        if (client.isDone()) {
            if (client.isCompletedExceptionally()) {
                return fallback().post(path, headers, body);
            }
            OneResponse response = new OneResponse();
            exchange(client.join(), path, headers, body, response);
            return response;
        }
        if (!concurrentRequestsExpected && startingInFlight.compareAndSet(false, true)) {
            CompletableFuture<Response> sent = starting().post(path, headers, body);
            // the caller sees the answer only once the next request may take the JDK's client too: a program
            // that sends its next request as soon as it has this answer must not wait for Micronaut's start
            CompletableFuture<Response> answer = new CompletableFuture<>();
            relay(
                    sent.whenComplete((response, failure) -> {
                        startingInFlight.set(false);
                        startBuilding();
                    }),
                    answer);
            var unusedCancel = answer.whenComplete((response, failure) -> {
                if (answer.isCancelled()) {
                    sent.cancel(true);
                }
            });
            return answer;
        }
        // a second request at once: a program with work to do, so it waits for Netty's path
        startBuilding();
        OneResponse response = new OneResponse();
        var unused = client.whenComplete((started, failure) -> {
            if (started != null) {
                exchange(started, path, headers, body, response);
            } else if (!response.isDone()) {
                relay(fallback().post(path, headers, body), response);
            }
        });
        return response;
    }

    /** Completes {@code to} as {@code from} completes, with the failure itself rather than its wrapper. */
    private static void relay(CompletableFuture<Response> from, CompletableFuture<Response> to) {
        var unused = from.whenComplete((response, failure) -> {
            if (failure != null) {
                to.completeExceptionally(
                        failure instanceof java.util.concurrent.CompletionException wrapped
                                        && wrapped.getCause() != null
                                ? wrapped.getCause()
                                : failure);
            } else {
                to.complete(response);
            }
        });
    }

    @Override
    public void expectConcurrentRequests() {
        concurrentRequestsExpected = true;
        startBuilding();
    }

    /**
     * Sends a request on the Micronaut client's raw exchange, its answer to {@code response}: the
     * request's bytes go out and the answer's come back as they are, with no body conversion and
     * no error status turned into an exception, which spares every call Micronaut's codec lookups
     * and response wrapping.
     */
    private void exchange(
            DefaultHttpClient started, String path, Map<String, String> headers, byte[] body, OneResponse response) {
        started.exchange(request(path, headers), BODIES.adapt(body), null).subscribe(response);
    }

    /** The JDK's client, for every request once the Micronaut client failed to start; warns once. */
    private JdkTransport fallback() {
        if (warnedOfFailedStart.compareAndSet(false, true)) {
            LOG.warn(
                    "the Micronaut HTTP client could not start ({}); requests to {} go through the JDK's HttpClient",
                    client.handle((ok, failure) -> String.valueOf(failure)).join(),
                    baseUrl);
        }
        return starting();
    }

    /**
     * The one response of a raw exchange as a future, its body read whole, subscribed to directly
     * (no operator chain on a call's path); cancelling the future cancels the request.
     */
    private static final class OneResponse extends CompletableFuture<Response>
            implements org.reactivestreams.Subscriber<HttpResponse<?>> {
        private volatile org.reactivestreams.@Nullable Subscription subscription;
        /** The body's chunks, once the response arrived. */
        private volatile org.reactivestreams.@Nullable Subscription body;
        /** Whether the response arrived (its body may still be on its way when the exchange completes). */
        private volatile boolean received;

        @Override
        public void onSubscribe(org.reactivestreams.Subscription value) {
            subscription = value;
            if (isDone()) {
                value.cancel();
            } else {
                value.request(1);
            }
        }

        @Override
        public void onNext(HttpResponse<?> value) {
            received = true;
            if (!(value instanceof ByteBodyHttpResponse<?> raw)) {
                completeExceptionally(notRaw(value));
                return;
            }
            int status = value.getStatus().getCode();
            io.micronaut.http.HttpHeaders headers = value.getHeaders();
            if (raw.byteBody() instanceof io.micronaut.http.body.AvailableByteBody whole) {
                try {
                    complete(new Response(status, whole.toByteArray(), headers::get));
                } finally {
                    raw.close();
                }
                return;
            }
            // read as chunks, not buffer(): a body that stops coming then fails with the read timeout
            // Netty's handler raises, which only the chunks' subscriber is told of
            raw.byteBody().toByteArrayPublisher().subscribe(new Chunks(raw, status, headers));
        }

        /** A body's chunks joined: a body of one chunk is not copied. */
        private final class Chunks implements org.reactivestreams.Subscriber<byte[]> {
            private final ByteBodyHttpResponse<?> raw;
            private final int status;
            private final io.micronaut.http.HttpHeaders headers;
            private byte @Nullable [] first;
            private java.io.@Nullable ByteArrayOutputStream joined;

            Chunks(ByteBodyHttpResponse<?> raw, int status, io.micronaut.http.HttpHeaders headers) {
                this.raw = raw;
                this.status = status;
                this.headers = headers;
            }

            @Override
            public void onSubscribe(org.reactivestreams.Subscription value) {
                body = value;
                if (isDone()) {
                    value.cancel();
                } else {
                    value.request(Long.MAX_VALUE);
                }
            }

            @Override
            public void onNext(byte[] chunk) {
                java.io.ByteArrayOutputStream all = joined;
                if (all == null) {
                    byte[] earlier = first;
                    if (earlier == null) {
                        first = chunk;
                        return;
                    }
                    all = new java.io.ByteArrayOutputStream(earlier.length + chunk.length);
                    all.write(earlier, 0, earlier.length);
                    joined = all;
                    first = null;
                }
                all.write(chunk, 0, chunk.length);
            }

            @Override
            public void onError(Throwable failure) {
                raw.close();
                completeExceptionally(neutral(failure));
            }

            @Override
            public void onComplete() {
                raw.close();
                byte[] earlier = first;
                java.io.ByteArrayOutputStream all = joined;
                byte[] bytes = all != null ? all.toByteArray() : earlier != null ? earlier : new byte[0];
                complete(new Response(status, bytes, headers::get));
            }
        }

        @Override
        public void onError(Throwable error) {
            completeExceptionally(neutral(error));
        }

        @Override
        public void onComplete() {
            if (!received && !isDone()) {
                completeExceptionally(new IllegalStateException("the HTTP exchange ended without a response"));
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            org.reactivestreams.Subscription current = subscription;
            if (cancelled && current != null) {
                current.cancel();
            }
            org.reactivestreams.Subscription chunks = body;
            if (cancelled && chunks != null) {
                chunks.cancel();
            }
            return cancelled;
        }
    }

    /** What a raw exchange cannot answer: a response whose body Micronaut already converted. */
    private static IllegalStateException notRaw(HttpResponse<?> response) {
        return new IllegalStateException(
                "the HTTP exchange answered " + response.getClass().getName() + ", not a raw response");
    }

    /** A Micronaut failure in the types every transport reports (see {@link HttpTransport}). */
    private static Throwable neutral(Throwable error) {
        if (error instanceof HttpClientResponseException status) {
            // a raw exchange answers error statuses; should one come as an exception, its reason stands for the body
            String message = status.getMessage();
            byte[] reason = (message == null || message.isBlank()
                            ? status.getStatus().getReason()
                            : message)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return new StatusException(new Response(
                    status.getStatus().getCode(),
                    reason,
                    name -> status.getResponse().getHeaders().get(name)));
        }
        if (error instanceof ReadTimeoutException || error instanceof io.netty.handler.timeout.TimeoutException) {
            HttpTimeoutException timeout = new HttpTimeoutException(String.valueOf(error.getMessage()));
            timeout.initCause(error);
            return timeout;
        }
        if (error instanceof HttpClientException) {
            return new IOException(error.getMessage(), error);
        }
        return error;
    }

    @Override
    public Flux<byte[]> stream(String path, Map<String, String> headers, byte[] body) {
        startBuilding();
        DefaultHttpClient started;
        try {
            started = client.join();
        } catch (java.util.concurrent.CompletionException failedToStart) {
            return fallback().stream(path, headers, body);
        }
        return Mono.<HttpResponse<?>>from(started.exchange(request(path, headers), BODIES.adapt(body), null))
                .onErrorMap(MicronautTransport::neutral)
                .flatMapMany(response -> {
                    if (!(response instanceof ByteBodyHttpResponse<?> raw)) {
                        return Flux.error(notRaw(response));
                    }
                    int status = response.getStatus().getCode();
                    io.micronaut.http.HttpHeaders answered = response.getHeaders();
                    // chunks, not buffer(), also for an error's body: only their subscriber hears of a read timeout
                    Flux<byte[]> chunks = Flux.from(raw.byteBody().toByteArrayPublisher())
                            .onErrorMap(MicronautTransport::neutral)
                            .doFinally(signal -> raw.close());
                    return status < 300 ? chunks : HttpTransport.failedWithStatus(chunks, status, answered::get);
                });
    }

    /** A raw exchange's request: absolute, with the JSON content type and the given headers. */
    private MutableHttpRequest<?> request(String path, Map<String, String> headers) {
        MutableHttpRequest<?> request = HttpRequest.create(HttpMethod.POST, origin + basePath + path)
                .contentType(MediaType.APPLICATION_JSON_TYPE);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            request.header(header.getKey(), header.getValue());
        }
        return request;
    }

    /** Closes the connections and shuts the event loop down; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // a client still starting is closed by its starting thread once it is up
            var unused = client.thenAccept(DefaultHttpClient::close);
            JdkTransport jdk;
            synchronized (this) {
                jdk = starting;
            }
            if (jdk != null) {
                jdk.close();
            }
        }
    }
}
