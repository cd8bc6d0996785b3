package dev.dspj.variable.report;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import dev.dspj.variable.objective.Constraints;
import dev.dspj.variable.objective.Measurement;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.objective.SelectionPolicy;
import dev.dspj.variable.search.SearchStrategy;
import dev.dspj.variable.tune.FailedTrial;
import dev.dspj.variable.tune.TrialOutcome;
import dev.dspj.variable.tune.TuningResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Hand-made search results for the report tests: trials built from measurements, no search run. */
final class SampleResults {

    static final List<Objective> OBJECTIVES = List.of(Objective.accuracy(), Objective.cost(), Objective.latency());
    static final Constraints CONSTRAINTS = Constraints.none().maxCostPerCall(0.003);
    static final String STOP_REASON = "budget of 40 trials reached";
    static final Instant START = Instant.parse("2025-01-01T10:00:00Z");

    static final VariableSpace SPACE = VariableSpace.builder()
            .add(Variable.choice("adapter", List.of("chat", "json", "xml"), "chat")
                    .describedAs("output format"))
            .add(Variable.choice("model", List.of("sim-small", "sim-medium", "sim-large"), "sim-small"))
            .add(Variable.choice("module", List.of("predict", "chain_of_thought", "multi_hop"), "predict"))
            .add(Variable.integer("hops", 1, 4, 1, 2).when("module", "multi_hop"))
            .add(Variable.real("temperature", 0.0, 1.5, false, 0.0).describedAs("sampling temperature"))
            .add(Variable.integer("demos", 0, 8, 1, 0))
            .add(Variable.bool("cache", true))
            .build();

    private SampleResults() {}

    /** A measurement of {@code examples} examples with a given accuracy, cost per call and median latency. */
    static Measurement measurement(int examples, double accuracy, double costPerCall, double latencyMs) {
        double[] latencies = new double[examples];
        for (int i = 0; i < examples; i++) {
            latencies[i] = latencyMs * (0.7 + 0.6 * i / Math.max(1, examples - 1));
        }
        double scoreSum = Math.round(accuracy * examples);
        return new Measurement(
                examples,
                scoreSum,
                scoreSum,
                latencies,
                2L * examples,
                0,
                0,
                0,
                0,
                300L * examples,
                40L * examples,
                costPerCall * examples,
                costPerCall * examples,
                List.of(),
                0);
    }

    /** A finished trial of the standard objectives and constraints. */
    static TrialOutcome trial(int number, Configuration configuration, String stage, Measurement measurement) {
        return trial(number, configuration, stage, measurement, OBJECTIVES, CONSTRAINTS);
    }

    static TrialOutcome trial(
            int number,
            Configuration configuration,
            String stage,
            Measurement measurement,
            List<Objective> objectives,
            Constraints constraints) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Objective objective : objectives) {
            values.put(objective.name(), objective.value(measurement));
        }
        Instant started = START.plusSeconds(30L * number);
        return new TrialOutcome(
                number,
                configuration,
                stage,
                measurement,
                values,
                constraints.violations(measurement),
                null,
                started,
                started.plusMillis(4_000 + 97L * number),
                "worker-1",
                false);
    }

    /**
     * A search of 40 finished trials over {@link #SPACE} (every fifth screened only, the expensive
     * ones infeasible) and 3 failed ones, one of whose errors holds markup and control characters.
     */
    static TuningResult search() {
        Random random = new Random(7);
        List<TrialOutcome> trials = new ArrayList<>();
        List<FailedTrial> failed = new ArrayList<>();
        for (int number = 0; number < 43; number++) {
            Configuration configuration = SPACE.sample(random);
            if (number == 11 || number == 23 || number == 37) {
                failed.add(new FailedTrial(number, configuration, failure(number)));
                continue;
            }
            boolean screened = number % 5 == 3;
            int examples = screened ? 20 : 200;
            String model = configuration.getString("model");
            String module = configuration.getString("module");
            double accuracy = switch (model) {
                case "sim-small" -> 0.52;
                case "sim-medium" -> 0.66;
                default -> 0.78;
            };
            accuracy += switch (module) {
                case "predict" -> 0.0;
                case "chain_of_thought" -> 0.06;
                default -> 0.03 * configuration.getLong("hops");
            };
            accuracy += 0.012 * configuration.getLong("demos")
                    - 0.06 * configuration.getDouble("temperature")
                    + (configuration.getString("adapter").equals("json") ? 0.02 : 0)
                    + random.nextGaussian() * 0.02;
            accuracy = Math.max(0, Math.min(1, accuracy));
            double cost = switch (model) {
                case "sim-small" -> 0.00012;
                case "sim-medium" -> 0.0006;
                default -> 0.0019;
            };
            double multiplier = switch (module) {
                case "predict" -> 1.0;
                case "chain_of_thought" -> 1.7;
                default -> 1.2 * configuration.getLong("hops");
            };
            cost *= multiplier * (1 + 0.08 * configuration.getLong("demos"));
            double latency = (model.equals("sim-large") ? 620 : model.equals("sim-medium") ? 380 : 210) * multiplier;
            trials.add(trial(
                    number,
                    configuration,
                    screened ? TrialOutcome.SCREEN : TrialOutcome.FULL,
                    measurement(examples, accuracy, cost, latency)));
        }
        return new TuningResult(
                "qa-search",
                SPACE,
                OBJECTIVES,
                CONSTRAINTS,
                SelectionPolicy.BALANCED,
                SearchStrategy.TPE,
                "3 objectives and a budget of 40 trials: multi-objective TPE after 10 random trials",
                trials,
                failed,
                STOP_REASON,
                Duration.ofSeconds(754));
    }

    static String failure(int number) {
        return switch (number) {
            case 11 -> "LmTimeoutException: sim-large did not answer within 30 s";
            case 23 ->
                "IllegalStateException: adapter <xml> produced <script>alert(\"x\")</script> & gave up\n"
                        + "\tat dev.dspj.adapter.XmlAdapter.parse(XmlAdapter.java:88)\u001b[0m";
            default -> "RateLimitException: 429 Too Many Requests";
        };
    }

    /** A one-variable result whose trials carry the given values of {@code adapter}. */
    static TuningResult withAdapterValues(List<String> values) {
        VariableSpace space = VariableSpace.of(Variable.choice("adapter", values, values.get(0)));
        List<TrialOutcome> trials = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            trials.add(trial(
                    i,
                    Configuration.builder().put("adapter", values.get(i)).build(),
                    TrialOutcome.FULL,
                    measurement(100, 0.5 + 0.1 * i, 0.0002 * (i + 1), 300)));
        }
        return new TuningResult(
                "escape",
                space,
                OBJECTIVES,
                Constraints.none(),
                SelectionPolicy.BALANCED,
                SearchStrategy.GRID,
                "",
                trials,
                List.of(),
                "grid exhausted",
                Duration.ofSeconds(3));
    }

    /** A search that finished no trial: every one failed. */
    static TuningResult allFailed() {
        Configuration configuration = SPACE.defaults();
        return new TuningResult(
                "broken",
                SPACE,
                OBJECTIVES,
                CONSTRAINTS,
                SelectionPolicy.ACCURACY_FIRST,
                SearchStrategy.RANDOM,
                "",
                List.of(),
                List.of(new FailedTrial(0, configuration, "boom"), new FailedTrial(1, configuration, "boom again")),
                "3 trials failed in a row; the last: boom again",
                Duration.ofMillis(420));
    }
}
