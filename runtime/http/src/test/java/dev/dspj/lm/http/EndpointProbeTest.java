package dev.dspj.lm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.dspj.lm.cache.ResponseCache;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EndpointProbeTest {

    private static final String KEY = "sk-probe-SECRET-1234";

    @Test
    void upOn2xxWithTheClientsKeyAndDownWithTheStatusOtherwise() throws IOException {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            seen.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                            + exchange.getRequestHeaders().getFirst("Authorization"));
            int status = exchange.getRequestURI().getPath().startsWith("/ok/") ? 200 : 503;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        String root = "http://127.0.0.1:" + server.getAddress().getPort();
        try (HttpLanguageModel ok = model(root + "/ok/v1");
                HttpLanguageModel failing = model(root + "/bad/v1/")) {
            EndpointProbe.Result up = EndpointProbe.check(ok, Duration.ofSeconds(2));
            assertTrue(up.up(), up.toString());
            assertEquals(200, up.status());
            assertNull(up.error());
            assertEquals(root + "/ok/v1/models", up.details().get("url"));
            assertEquals("GET /ok/v1/models Bearer " + KEY, seen.get(0));

            EndpointProbe.Result down = EndpointProbe.check(failing, Duration.ofSeconds(2));
            assertFalse(down.up());
            assertEquals(503, down.status());
            assertEquals("HTTP 503", down.details().get("error"));
            assertEquals("/bad/v1/models", URI.create(down.url().toString()).getPath());
        } finally {
            server.stop(0);
        }
        try (HttpLanguageModel gone = model(root + "/ok/v1")) {
            EndpointProbe.Result down = EndpointProbe.check(gone, Duration.ofSeconds(2));
            assertFalse(down.up());
            assertEquals(0, down.status());
            assertNotNull(down.error());
            assertFalse(down.toString().contains(KEY));
            assertFalse(down.details().containsKey("status"));
        }
    }

    @Test
    void anthropicsModelsLiveUnderV1() {
        assertEquals(
                URI.create("http://h/v1/models"), EndpointProbe.modelsUrl(Provider.ANTHROPIC, URI.create("http://h/")));
        assertEquals(
                URI.create("http://h/v1/models"), EndpointProbe.modelsUrl(Provider.SIM, URI.create("http://h/v1")));
    }

    private static HttpLanguageModel model(String baseUrl) {
        return HttpLanguageModel.builder(Provider.SIM)
                .model("sim-small")
                .baseUrl(baseUrl)
                .apiKey(KEY)
                .transport(Transport.JDK)
                .cache(ResponseCache.none())
                .build();
    }
}
