package dev.dspj.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates the tool-use arithmetic task: multi-digit products and mixed expressions that a model
 * gets wrong in its head and right from the calculator's observation.
 */
final class ToolArithmetic {

    static final String NAME = "tool-arithmetic";
    static final List<String> HINTS = List.of("use the calculator", "exact expression");
    /** Logit lost answering without the calculator's result (on top of {@link Competence}). */
    static final double UNAIDED_PENALTY = 4.0;

    private ToolArithmetic() {}

    static SimTask generate(long seed, int size) {
        Random random = new Random(seed * 31 + 0x7001_0004L);
        Set<String> seen = new HashSet<>();
        List<SimExample> examples = new ArrayList<>(size);
        Map<String, ToolSpec.Arguments> arguments = new LinkedHashMap<>();
        String idFormat = Ids.format("calc", size);
        int attempts = 0;
        while (examples.size() < size) {
            if (++attempts > 100 * size) {
                throw new IllegalStateException("could not generate " + size + " distinct expressions; ask for fewer");
            }
            long a = between(random, 1000, 9999);
            long b = between(random, 100, 999);
            long c = between(random, 2, 99);
            String expression;
            String question;
            double difficulty;
            switch (random.nextInt(4)) {
                case 0 -> {
                    expression = a + " * " + b;
                    question = "What is " + expression + "?";
                    difficulty = 0.2 + 0.3 * random.nextDouble();
                }
                case 1 -> {
                    long d = between(random, 1000, 9999);
                    expression = "(" + a + " + " + d + ") * " + c;
                    question = "What is " + expression + "?";
                    difficulty = 0.4 + 0.4 * random.nextDouble();
                }
                case 2 -> {
                    long d = between(random, 1000, 9999);
                    expression = a + " * " + b + " - " + d;
                    question = "Compute " + expression + ".";
                    difficulty = 0.4 + 0.4 * random.nextDouble();
                }
                default -> {
                    long e = between(random, 10, 99);
                    expression = b + " * " + c + " * " + e;
                    question = "Calculate " + expression + ".";
                    difficulty = 0.3 + 0.3 * random.nextDouble();
                }
            }
            if (!seen.add(question)) {
                continue;
            }
            String id = String.format(idFormat, examples.size() + 1);
            String answer = Calculator.evaluate(expression);
            examples.add(
                    new SimExample(id, Map.of("question", question), Map.of("answer", answer), Ids.round(difficulty)));
            arguments.put(
                    id, new ToolSpec.Arguments(expression, slip(expression), expression.replaceFirst(" \\* ", " x ")));
        }
        ToolSpec spec = new ToolSpec(
                ToolSpec.Kind.CALCULATOR,
                UNAIDED_PENALTY,
                arguments,
                List.of(SimTools.calculator(), SimTools.lookup(Map.of())));
        return new SimTask(NAME, examples, HINTS, spec);
    }

    /** The expression with a digit slip in its first number: its last two digits swapped, or its last digit changed. */
    static String slip(String expression) {
        int start = 0;
        while (!Character.isDigit(expression.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < expression.length() && Character.isDigit(expression.charAt(end))) {
            end++;
        }
        char[] digits = expression.substring(start, end).toCharArray();
        int n = digits.length;
        if (n >= 2 && digits[n - 1] != digits[n - 2]) {
            char last = digits[n - 1];
            digits[n - 1] = digits[n - 2];
            digits[n - 2] = last;
        } else {
            digits[n - 1] = digits[n - 1] == '9' ? '8' : (char) (digits[n - 1] + 1);
        }
        String slipped = expression.substring(0, start) + new String(digits) + expression.substring(end);
        // the value changes too: the first number changes and is never multiplied by 0
        return slipped;
    }

    private static long between(Random random, long min, long max) {
        return min + (long) Math.floor(random.nextDouble() * (max - min + 1));
    }
}
