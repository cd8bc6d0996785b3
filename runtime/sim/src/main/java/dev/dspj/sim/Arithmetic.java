package dev.dspj.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Generates the arithmetic word task: sums, differences and products, larger numbers being harder. */
final class Arithmetic {

    static final String NAME = "arithmetic";
    static final List<String> HINTS = List.of("exact integer", "double-check");

    private Arithmetic() {}

    static SimTask generate(long seed, int size) {
        Random random = new Random(seed * 31 + 0xA217_0003L);
        Set<String> seen = new HashSet<>();
        List<SimExample> examples = new ArrayList<>(size);
        String idFormat = Ids.format("math", size);
        int attempts = 0;
        while (examples.size() < size) {
            if (++attempts > 100 * size) {
                throw new IllegalStateException("could not generate " + size + " distinct sums; ask for fewer");
            }
            int kind = random.nextInt(6);
            long a;
            long b;
            String question;
            long answer;
            double base;
            switch (kind) {
                case 0 -> {
                    a = between(random, 10, 99);
                    b = between(random, 10, 99);
                    question = "What is " + a + " + " + b + "?";
                    answer = a + b;
                    base = 0.0;
                }
                case 1 -> {
                    a = between(random, 100, 999);
                    b = between(random, 100, 999);
                    question = "What is " + a + " + " + b + "?";
                    answer = a + b;
                    base = 0.2;
                }
                case 2 -> {
                    a = between(random, 100, 999);
                    b = between(random, 10, a);
                    question = "Compute " + a + " - " + b + ".";
                    answer = a - b;
                    base = 0.3;
                }
                case 3 -> {
                    a = between(random, 2, 9);
                    b = between(random, 10, 99);
                    question = "What is " + a + " times " + b + "?";
                    answer = a * b;
                    base = 0.4;
                }
                case 4 -> {
                    a = between(random, 10, 99);
                    b = between(random, 10, 99);
                    question = "What is " + a + " times " + b + "?";
                    answer = a * b;
                    base = 0.6;
                }
                default -> {
                    a = between(random, 100, 999);
                    b = between(random, 10, 99);
                    question = "Multiply " + a + " by " + b + ".";
                    answer = a * b;
                    base = 0.8;
                }
            }
            if (!seen.add(question)) {
                continue;
            }
            examples.add(new SimExample(
                    String.format(idFormat, examples.size() + 1),
                    Map.of("question", question),
                    Map.of("answer", Long.toString(answer)),
                    Ids.round(base + 0.2 * random.nextDouble())));
        }
        return new SimTask(NAME, examples, HINTS);
    }

    private static long between(Random random, long min, long max) {
        return min + (long) Math.floor(random.nextDouble() * (max - min + 1));
    }
}
