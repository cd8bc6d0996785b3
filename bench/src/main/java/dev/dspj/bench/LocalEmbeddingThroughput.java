package dev.dspj.bench;

import dev.dspj.embed.local.LocalEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Throughput of {@link LocalEmbedder} (all-MiniLM-L6-v2 on ONNX Runtime, in process) on
 * sentence-length texts (10 to 25 words), with one thread and with {@code threads}: texts per second
 * and per second per core, the best of {@code rounds} after one warm-up round.
 *
 * <p>Usage: {@code java -cp ... dev.dspj.bench.LocalEmbeddingThroughput [texts=512] [threads=available
 * processors] [rounds=3] [batch size=32]}.
 */
public final class LocalEmbeddingThroughput {

    private LocalEmbeddingThroughput() {}

    /**
     * Runs the measurement and prints it.
     *
     * @param args texts, threads, rounds, batch size (each optional)
     */
    public static void main(String[] args) {
        int texts = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int threads = args.length > 1
                ? Integer.parseInt(args[1])
                : Runtime.getRuntime().availableProcessors();
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : LocalEmbedder.DEFAULT_BATCH_SIZE;
        System.out.println(report(texts, batchSize, List.of(1, threads), rounds));
    }

    /**
     * Texts per second for each number of threads.
     *
     * @param count how many texts a round embeds
     * @param batchSize texts per model call
     * @param threadCounts the thread counts to measure
     * @param rounds timed rounds per thread count (after one warm-up)
     * @return one line per thread count
     */
    static String report(int count, int batchSize, List<Integer> threadCounts, int rounds) {
        List<String> texts = sentences(count);
        StringBuilder report = new StringBuilder(String.format(
                Locale.ROOT,
                "LocalEmbedder (%s), %d sentence-length texts, batches of %d, %d cores%n",
                LocalEmbedder.MODEL,
                count,
                batchSize,
                Runtime.getRuntime().availableProcessors()));
        for (int threads : threadCounts) {
            double perSecond = textsPerSecond(texts, batchSize, threads, rounds);
            report.append(String.format(
                    Locale.ROOT,
                    "threads %d: %.1f texts/s, %.1f texts/s per thread%n",
                    threads,
                    perSecond,
                    perSecond / threads));
        }
        return report.toString().strip();
    }

    static double textsPerSecond(List<String> texts, int batchSize, int threads, int rounds) {
        try (LocalEmbedder embedder =
                LocalEmbedder.builder().threads(threads).batchSize(batchSize).build()) {
            embedder.embed(texts);
            double best = 0;
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                float[][] vectors = embedder.embed(texts);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (vectors.length != texts.size()) {
                    throw new IllegalStateException("expected " + texts.size() + " vectors, got " + vectors.length);
                }
                best = Math.max(best, texts.size() / seconds);
            }
            return best;
        }
    }

    static List<String> sentences(int count) {
        String[] words = {
            "the",
            "a",
            "river",
            "market",
            "engine",
            "quietly",
            "crossed",
            "bright",
            "old",
            "city",
            "report",
            "shows",
            "that",
            "people",
            "build",
            "small",
            "boats",
            "near",
            "harbor",
            "during",
            "winter",
            "with",
            "friends",
            "new",
            "theory",
            "explains",
            "how",
            "stars",
            "form",
            "in",
            "distant",
            "galaxies",
            "after",
            "storm"
        };
        Random random = new Random(11);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = 10 + random.nextInt(16);
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < length; w++) {
                text.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
            }
            texts.add(text.append('.').toString());
        }
        return texts;
    }
}
