package dev.dspj.lm.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link Transport} promises its clients, checked on both against one loopback server:
 * the body and headers whatever the status, chunks as the server flushes them, and failures in the
 * transport-neutral types {@link HttpTransport} names.
 */
class HttpTransportTest {

    private static HttpServer server;
    private static final List<String> SEEN = new CopyOnWriteArrayList<>();
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "transport-test-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/api/echo", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            SEEN.add(exchange.getRequestHeaders().getFirst("X-Test") + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.getResponseHeaders().add("X-Echo", "yes");
            send(exchange, 200, body);
        });
        server.createContext("/api/agent", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String agent = exchange.getRequestHeaders().getFirst("User-Agent");
            send(exchange, 200, String.valueOf(agent).getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/api/limited", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Retry-After", "7");
            send(exchange, 429, "{\"error\":{\"message\":\"slow down\"}}".getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/api/events", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 3; i++) {
                    out.write(("data: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        server.createContext("/api/stall", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("{\"partial\":".getBytes(StandardCharsets.UTF_8));
            out.flush();
            waitUntilStopped();
            exchange.close();
        });
        server.createContext("/api/hang", exchange -> {
            waitUntilStopped();
            exchange.close();
        });
        server.start();
    }

    /** Holds a handler until the server stops (at most 30 s). */
    private static void waitUntilStopped() {
        try {
            NEVER.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterAll
    static void stop() {
        NEVER.countDown();
        server.stop(0);
    }

    private static URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/");
    }

    /** A transport of that kind; a Micronaut one is built before it returns, so its own client answers. */
    private static HttpTransport open(Transport kind, Duration readTimeout) {
        return kind == Transport.MICRONAUT
                ? new MicronautTransport(base(), Duration.ofSeconds(5), readTimeout, 4, Runnable::run, null)
                : HttpTransport.open(kind, base(), Duration.ofSeconds(5), readTimeout, 4);
    }

    /** A Micronaut transport whose client's build is handed to {@code build} instead of run. */
    private static MicronautTransport heldBack(AtomicReference<Runnable> build) {
        return new MicronautTransport(base(), Duration.ofSeconds(5), Duration.ofSeconds(10), 4, build::set, null);
    }

    @Test
    void theJdkClientAnswersWhileTheMicronautClientStartsAndNettyAfterIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Runnable> build = new AtomicReference<>();
        try (MicronautTransport transport = heldBack(build)) {
            String early = new String(
                    postEmpty(transport, "/agent").get(10, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8);
            assertTrue(early.startsWith("Java-http-client"), "answered before Micronaut started, by: " + early);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (build.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(build.get() != null, "the first answer did not start the Micronaut client's build");
            Thread starter = new Thread(() -> {
                build.get().run();
                release.countDown();
            });
            starter.start();
            assertTrue(release.await(30, TimeUnit.SECONDS), "the Micronaut client did not start");
            String later = new String(
                    postEmpty(transport, "/agent").get(10, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8);
            assertTrue(!later.startsWith("Java-http-client"), "answered after Micronaut started, by: " + later);
        }
    }

    @Test
    void aRequestSentAsSoonAsTheFirstIsAnsweredAlsoTakesTheJdkClientWhileMicronautStarts() throws Exception {
        AtomicReference<Runnable> build = new AtomicReference<>();
        try (MicronautTransport transport = heldBack(build)) {
            // a sequential program: its next request the moment it holds an answer; the build never runs
            CompletableFuture<String> agents = postEmpty(transport, "/agent")
                    .thenCompose(first ->
                            postEmpty(transport, "/agent").thenApply(second -> text(first) + " | " + text(second)));
            String both = agents.get(10, TimeUnit.SECONDS);
            assertEquals(
                    2, both.split("Java-http-client", -1).length - 1, "both answered by the JDK's client: " + both);
            assertTrue(build.get() != null, "the first answer started the Micronaut client's build");
        }
    }

    @Test
    void whenManyRequestsAreExpectedEvenTheFirstWaitsForTheMicronautClient() throws Exception {
        AtomicReference<Runnable> build = new AtomicReference<>();
        try (MicronautTransport transport = heldBack(build)) {
            transport.expectConcurrentRequests();
            assertTrue(build.get() != null, "expecting many requests starts the Micronaut client's build");
            CompletableFuture<HttpTransport.Response> first = postEmpty(transport, "/agent");
            Thread.sleep(100);
            assertTrue(!first.isDone(), "the first request waits for the Micronaut client");
            build.get().run();
            String agent = text(first.get(10, TimeUnit.SECONDS));
            assertTrue(!agent.startsWith("Java-http-client"), "sent through Micronaut, not: " + agent);
        }
    }

    @Test
    void cancellingTheFirstRequestCancelsItsJdkExchange() throws Exception {
        AtomicReference<Runnable> build = new AtomicReference<>();
        try (MicronautTransport transport = heldBack(build)) {
            CompletableFuture<HttpTransport.Response> hanging = postEmpty(transport, "/hang");
            hanging.cancel(true);
            // the JDK exchange ended, so the next request is the JDK client's again rather than waiting
            HttpTransport.Response next = postEmpty(transport, "/agent").get(10, TimeUnit.SECONDS);
            assertTrue(text(next).startsWith("Java-http-client"));
        }
    }

    @Test
    void aMicronautClientThatCannotStartLeavesTheJdkClientAnsweringEveryRequest() throws Exception {
        try (MicronautTransport transport =
                new MicronautTransport(base(), Duration.ofSeconds(5), Duration.ofSeconds(10), 4, Runnable::run, () -> {
                    throw new NoClassDefFoundError("io/netty/channel/MultiThreadIoEventLoopGroup");
                })) {
            CompletableFuture<HttpTransport.Response> first = postEmpty(transport, "/hang");
            // the second request at once starts the client, which fails: it goes through the JDK's
            HttpTransport.Response second = postEmpty(transport, "/agent").get(10, TimeUnit.SECONDS);
            assertTrue(text(second).startsWith("Java-http-client"));
            for (int i = 0; i < 3; i++) {
                HttpTransport.Response later = postEmpty(transport, "/echo").get(10, TimeUnit.SECONDS);
                assertEquals(200, later.status());
            }
            first.cancel(true);
        }
    }

    @Test
    void requestsMadeAtOnceWhileTheMicronautClientStartsWaitForIt() throws Exception {
        AtomicReference<Runnable> build = new AtomicReference<>();
        try (MicronautTransport transport = heldBack(build)) {
            CompletableFuture<HttpTransport.Response> first = postEmpty(transport, "/hang");
            CompletableFuture<HttpTransport.Response> second = postEmpty(transport, "/agent");
            CompletableFuture<HttpTransport.Response> cancelled = postEmpty(transport, "/agent");
            assertTrue(build.get() != null, "a second request at once starts the Micronaut client");
            Thread.sleep(100);
            assertTrue(!second.isDone(), "the second request waits for the Micronaut client");
            cancelled.cancel(true);
            int seen = SEEN.size();
            build.get().run();
            String agent = text(second.get(10, TimeUnit.SECONDS));
            assertTrue(!agent.startsWith("Java-http-client"), "sent through Micronaut, not: " + agent);
            assertTrue(cancelled.isCancelled());
            first.cancel(true);
            assertEquals(seen, SEEN.size());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void postsTheBodyWithTheHeadersAndReturnsTheAnswer(Transport kind) throws Exception {
        try (HttpTransport transport = open(kind, Duration.ofSeconds(10))) {
            byte[] body = "{\"q\":\"naïve\"}".getBytes(StandardCharsets.UTF_8);
            HttpTransport.Response response =
                    transport.post("/echo", Map.of("X-Test", kind.name()), body).get(10, TimeUnit.SECONDS);
            assertEquals(200, response.status());
            assertArrayEquals(body, response.body());
            assertEquals("yes", response.headers().apply("X-Echo"));
            assertEquals("yes", response.headers().apply("x-echo"), "header names are case-insensitive");
            assertNull(response.headers().apply("X-Absent"));
            assertTrue(SEEN.contains(kind.name() + " application/json"), SEEN.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aBodyWrittenInPiecesArrivesWhole(Transport kind) throws Exception {
        HttpTransport.Response response = postEmpty(kind, "/events");
        assertEquals(200, response.status());
        assertEquals("data: 0\n\ndata: 1\n\ndata: 2\n\n", text(response));
    }

    /** An empty JSON object posted to {@code path} through {@code transport}. */
    private static CompletableFuture<HttpTransport.Response> postEmpty(HttpTransport transport, String path) {
        return transport.post(path, Map.of(), new byte[] {'{', '}'});
    }

    /** A response's body as text. */
    private static String text(HttpTransport.Response response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** The answer to an empty JSON object posted to {@code path}. */
    private static HttpTransport.Response postEmpty(Transport kind, String path) throws Exception {
        try (HttpTransport transport = open(kind, Duration.ofSeconds(10))) {
            return postEmpty(transport, path).get(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anErrorStatusIsAnAnswerNotAFailure(Transport kind) throws Exception {
        HttpTransport.Response response = postEmpty(kind, "/limited");
        assertEquals(429, response.status());
        assertEquals("7", response.headers().apply("Retry-After"));
        assertTrue(text(response).contains("slow down"));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void streamsEveryByteAndAnErrorStatusCarriesTheWholeResponse(Transport kind) {
        try (HttpTransport transport = open(kind, Duration.ofSeconds(10))) {
            List<byte[]> chunks = transport.stream("/events", Map.of(), new byte[] {'{', '}'})
                    .collectList()
                    .block(Duration.ofSeconds(10));
            StringBuilder text = new StringBuilder();
            chunks.forEach(chunk -> text.append(new String(chunk, StandardCharsets.UTF_8)));
            assertEquals("data: 0\n\ndata: 1\n\ndata: 2\n\n", text.toString());

            HttpTransport.StatusException failure = assertThrows(
                    HttpTransport.StatusException.class,
                    () -> transport.stream("/limited", Map.of(), new byte[] {'{', '}'})
                            .blockLast(Duration.ofSeconds(10)));
            assertEquals(429, failure.response().status());
            assertEquals("7", failure.response().headers().apply("Retry-After"));
            String body = text(failure.response());
            assertTrue(body.contains("slow down"), "an error status carries the whole body: " + body);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void noAnswerWithinTheReadTimeoutIsAnHttpTimeout(Transport kind) {
        postTimesOut(kind, "/hang");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aBodyThatStopsComingIsAnHttpTimeout(Transport kind) {
        postTimesOut(kind, "/stall");
    }

    /** A post to {@code path} on a transport with a 300 ms read timeout fails with an HTTP timeout. */
    private static void postTimesOut(Transport kind, String path) {
        try (HttpTransport transport = open(kind, Duration.ofMillis(300))) {
            ExecutionException failure = assertThrows(
                    ExecutionException.class, () -> postEmpty(transport, path).get(10, TimeUnit.SECONDS));
            assertInstanceOf(HttpTimeoutException.class, failure.getCause(), String.valueOf(failure.getCause()));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aStreamThatStopsComingIsAnHttpTimeout(Transport kind) {
        try (HttpTransport transport = open(kind, Duration.ofMillis(300))) {
            List<byte[]> received = new CopyOnWriteArrayList<>();
            Throwable failure = assertThrows(
                    Throwable.class,
                    () -> transport.stream("/stall", Map.of(), new byte[] {'{', '}'})
                            .doOnNext(received::add)
                            .blockLast(Duration.ofSeconds(10)));
            Throwable cause = failure instanceof RuntimeException wrapped
                            && !(failure instanceof HttpTransport.StatusException)
                            && wrapped.getCause() != null
                    ? wrapped.getCause()
                    : failure;
            assertInstanceOf(HttpTimeoutException.class, cause, String.valueOf(failure));
            assertEquals("{\"partial\":", new String(received.get(0), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aServerThatIsNotThereIsAnIoFailure(Transport kind) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + port + "/v1");
        try (HttpTransport transport =
                HttpTransport.open(kind, nowhere, Duration.ofSeconds(2), Duration.ofSeconds(2), 0)) {
            ExecutionException failure = assertThrows(
                    ExecutionException.class,
                    () -> postEmpty(transport, "/chat").get(10, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, failure.getCause(), String.valueOf(failure.getCause()));
            assertEquals(
                    "cannot reach",
                    ErrorMapping.transportFailure(failure.getCause(), "sim/x", nowhere, Secret.none())
                            .getMessage()
                            .substring(7, 19));
        }
    }
}
