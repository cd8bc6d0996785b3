package dev.dspj.lm.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * HTTP on the JDK's {@link HttpClient}: no class beyond the JDK's to load, so a cold process's
 * first request leaves sooner than on Micronaut's client. Responses complete on the client's own
 * daemon threads, named {@code dspj-http-jdk-<client>-<n>}, so a program whose {@code main}
 * returns ends even when it never closed its models; {@link #close()} shuts them down.
 */
final class JdkTransport implements HttpTransport {

    /** Headers the JDK's client sets itself and refuses from callers (lower case). */
    static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final HttpClient client;
    private final ExecutorService executor;
    private final String prefix;
    private final Duration readTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    JdkTransport(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        URI root = HttpTransport.root(baseUrl);
        this.prefix = root + HttpTransport.basePath(baseUrl);
        this.readTimeout = readTimeout;
        String threads = "dspj-http-jdk-" + CLIENTS.incrementAndGet() + "-";
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, threads + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // h2c upgrades cost a round trip and trip up servers; TLS negotiates HTTP/2 when offered
                .version(
                        "https".equalsIgnoreCase(root.getScheme())
                                ? HttpClient.Version.HTTP_2
                                : HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .build();
    }

    /**
     * Checks headers against what the JDK's client accepts, when the client is configured.
     *
     * @param names the header names a client will send
     * @throws IllegalArgumentException naming the first header the JDK refuses
     */
    static void checkHeaders(Iterable<String> names) {
        for (String name : names) {
            if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header \"" + name + "\" cannot be set on the " + Transport.JDK
                        + " transport (the JDK's HTTP client sets it itself); remove it or use Transport.MICRONAUT");
            }
        }
    }

    @Override
    public CompletableFuture<Response> post(String path, Map<String, String> headers, byte[] body) {
        // the request's timeout ends when the headers are in; the body gets a read timeout of its own
        java.util.concurrent.atomic.AtomicReference<BodyTimeouts.Watch> bodyWatch =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Exchange> started =
                new java.util.concurrent.atomic.AtomicReference<>();
        HttpResponse.BodyHandler<byte[]> timed = info -> {
            bodyWatch.set(BodyTimeouts.watch(readTimeout, () -> {
                Exchange waiting = started.get();
                if (waiting != null && waiting.completeExceptionally(BodyTimeouts.expired(readTimeout))) {
                    waiting.sent.cancel(true);
                }
            }));
            return HttpResponse.BodySubscribers.ofByteArray();
        };
        CompletableFuture<HttpResponse<byte[]>> sent = client.sendAsync(request(path, headers, body), timed);
        Exchange exchange = new Exchange(sent);
        started.set(exchange);
        var unused = sent.whenComplete((response, error) -> {
            BodyTimeouts.Watch watch = bodyWatch.get();
            if (watch != null) {
                watch.done();
            }
            if (error != null) {
                exchange.completeExceptionally(error);
            } else {
                exchange.complete(response(response, response.body()));
            }
        });
        return exchange;
    }

    /** The caller's side of an exchange: cancelling it cancels the request in flight. */
    private static final class Exchange extends CompletableFuture<Response> {
        private final CompletableFuture<?> sent;

        Exchange(CompletableFuture<?> sent) {
            this.sent = sent;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                sent.cancel(true);
            }
            return cancelled;
        }
    }

    @Override
    public Flux<byte[]> stream(String path, Map<String, String> headers, byte[] body) {
        HttpRequest request = request(path, headers, body);
        return Mono.fromFuture(() -> client.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher()))
                .flatMapMany(response -> {
                    // the request's timeout ends with the headers: a stream that stops coming ends here
                    Flux<byte[]> chunks = JdkFlowAdapter.flowPublisherToFlux(response.body())
                            .map(JdkTransport::bytes)
                            .timeout(readTimeout)
                            .onErrorMap(
                                    java.util.concurrent.TimeoutException.class,
                                    stalled -> BodyTimeouts.stalled(readTimeout));
                    if (response.statusCode() < 300) {
                        return chunks;
                    }
                    return HttpTransport.failedWithStatus(
                            chunks,
                            response.statusCode(),
                            name -> response.headers().firstValue(name).orElse(null));
                });
    }

    private HttpRequest request(String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(prefix + path))
                .timeout(readTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return request.build();
    }

    private static Response response(HttpResponse<?> response, byte[] body) {
        return new Response(
                response.statusCode(),
                body,
                name -> response.headers().firstValue(name).orElse(null));
    }

    private static byte[] bytes(List<ByteBuffer> buffers) {
        int size = 0;
        for (ByteBuffer buffer : buffers) {
            size += buffer.remaining();
        }
        byte[] bytes = new byte[size];
        int at = 0;
        for (ByteBuffer buffer : buffers) {
            int length = buffer.remaining();
            buffer.get(bytes, at, length);
            at += length;
        }
        return bytes;
    }

    /**
     * Stops the client's threads (Java 17's {@link HttpClient} has no close of its own; its
     * connections close once it is unreachable); later calls do nothing.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            executor.shutdown();
        }
    }
}
