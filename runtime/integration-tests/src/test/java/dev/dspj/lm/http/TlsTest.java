package dev.dspj.lm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every real provider is HTTPS: a program in a child JVM calls a loopback HTTPS server whose
 * self-signed certificate (made here with the JDK's {@code keytool}) its trust store holds, through
 * Micronaut's raw exchange, plain and streamed.
 */
class TlsTest {

    private static final String ANSWER = "[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]";

    @Test
    void plainAndStreamedCallsGoThroughTls(@TempDir Path directory) throws Exception {
        Path keys = directory.resolve("server.p12");
        Path certificate = directory.resolve("server.cer");
        Path trusted = directory.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "local",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keys.toString(),
                "-storepass",
                "changeit");
        keytool(
                "-exportcert",
                "-alias",
                "local",
                "-keystore",
                keys.toString(),
                "-storepass",
                "changeit",
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "local",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trusted.toString(),
                "-storepass",
                "changeit");
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(keys)));
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "tls-test-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/v1/chat/completions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean streamed = body.contains("\"stream\":true");
            seen.add((streamed ? "stream " : "plain ")
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            String content = ANSWER.replace("\n", "\\n");
            byte[] out = (streamed
                            ? "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content.substring(0, 20)
                                    + "\"}}]}\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                                    + content.substring(20) + "\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"
                            : "{\"model\":\"tls-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                                    + "\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}],"
                                    + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":6}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", streamed ? "text/event-stream" : "application/json");
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(out);
            }
        });
        server.start();
        try {
            String baseUrl = "https://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djavax.net.ssl.trustStore=" + trusted,
                    "-Djavax.net.ssl.trustStorePassword=changeit",
                    "-Djavax.net.ssl.trustStoreType=PKCS12",
                    "-cp",
                    System.getProperty("java.class.path"),
                    ProgramOverTls.class.getName(),
                    baseUrl));
            Path output = directory.resolve("out.txt");
            Path errors = directory.resolve("err.txt");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(output.toFile())
                    .redirectError(errors.toFile())
                    .start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the program did not end within 60 s");
            String printed = Files.readString(output);
            String failures = read(errors);
            assertEquals(0, process.exitValue(), () -> printed + "\n" + failures);
            List<String> lines = printed.lines().toList();
            assertEquals(
                    List.of(
                            ProgramOverTls.ANSWER + ANSWER.lines().findFirst().orElseThrow(),
                            ProgramOverTls.ANSWER + ANSWER.lines().findFirst().orElseThrow()),
                    lines.stream()
                            .filter(line -> line.startsWith(ProgramOverTls.ANSWER))
                            .toList(),
                    printed);
            assertTrue(printed.contains(ProgramOverTls.STREAMED + "[[ ## answer ## ]]"), printed);
            assertEquals(
                    List.of("plain Bearer sk-tls-test", "plain Bearer sk-tls-test", "stream Bearer sk-tls-test"), seen);
        } finally {
            server.stop(0);
        }
    }

    private static SSLContext serverContext(Path keys) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keys.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "keytool failed: " + printed);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
