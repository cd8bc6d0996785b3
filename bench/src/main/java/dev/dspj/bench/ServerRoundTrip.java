package dev.dspj.bench;

import dev.dspj.sim.SimulatedModelServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * The latency a perfect client would see from a simulated server: its last request posted again,
 * one at a time, by a bare JDK {@link HttpClient}. A fixed latency of 50 ms is a little more door
 * to door (the HTTP layers of both sides and the loopback), so the harnesses report their ideal
 * bound at this measured latency beside the nominal one.
 */
final class ServerRoundTrip {

    private ServerRoundTrip() {}

    /**
     * The median round trip of the server's last request.
     *
     * @param server a started server that has answered at least one chat completion
     * @param calls how many times to post it
     * @return the median, in seconds
     * @throws IOException when a call fails
     * @throws InterruptedException when interrupted
     * @throws IllegalStateException when the server answers other than 200
     */
    static double medianSeconds(SimulatedModelServer server, int calls) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(server.lastRequestBody()))
                .build();
        double[] seconds = new double[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            seconds[i] = (System.nanoTime() - start) / 1e9;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the server answered " + response.statusCode());
            }
        }
        Arrays.sort(seconds);
        return seconds[calls / 2];
    }
}
