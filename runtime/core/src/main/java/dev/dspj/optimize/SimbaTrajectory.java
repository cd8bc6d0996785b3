package dev.dspj.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One run of a program on one training example, as SIMBA keeps it (DSPy's {@code wrap_program}
 * output): the metric's score and feedback, the prediction, the error if the program failed, and
 * each predictor call (the predictor's name, its inputs and outputs) in order. It is what the run
 * record stores for a trajectory step, so a resumed run rebuilds demos and rules from exactly what
 * the first run saw.
 *
 * @param example the example's index in the training set
 * @param score the metric's score; 0 when the program or the metric failed
 * @param feedback the metric's textual feedback, or null
 * @param error the failure's message, or null
 * @param prediction the program's outputs as JSON (an empty object when it failed)
 * @param steps the predictor calls, in order
 */
record SimbaTrajectory(
        int example,
        double score,
        @Nullable String feedback,
        @Nullable String error,
        JsonNode prediction,
        List<Step> steps) {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * One predictor call.
     *
     * @param module the predictor's name in the program
     * @param inputs its inputs as JSON
     * @param outputs its outputs as JSON
     */
    record Step(String module, JsonNode inputs, JsonNode outputs) {}

    SimbaTrajectory {
        steps = List.copyOf(steps);
        prediction = prediction == null ? JSON.objectNode() : prediction;
    }

    /** A trajectory that only has a score (for tests of the ordering). */
    static SimbaTrajectory scored(int example, double score) {
        return new SimbaTrajectory(example, score, null, null, JSON.objectNode(), List.of());
    }

    /** The JSON the run record keeps. */
    String toJson() {
        ObjectNode object = JSON.objectNode();
        object.put("score", score);
        if (feedback != null) {
            object.put("feedback", feedback);
        }
        if (error != null) {
            object.put("error", error);
        }
        object.set("prediction", prediction);
        ArrayNode calls = object.putArray("trace");
        for (Step step : steps) {
            ObjectNode call = calls.addObject();
            call.put("module", step.module());
            call.set("inputs", step.inputs());
            call.set("outputs", step.outputs());
        }
        return object.toString();
    }

    /** Reads what {@link #toJson()} wrote. */
    static SimbaTrajectory fromJson(int example, JsonNode node) {
        List<Step> steps = new ArrayList<>();
        for (JsonNode call : node.path("trace")) {
            steps.add(new Step(call.path("module").asText(), call.path("inputs"), call.path("outputs")));
        }
        return new SimbaTrajectory(
                example,
                node.path("score").asDouble(),
                node.hasNonNull("feedback") ? node.get("feedback").asText() : null,
                node.hasNonNull("error") ? node.get("error").asText() : null,
                node.path("prediction"),
                steps);
    }

    /** The metric's extra information, as DSPy's {@code output_metadata} (the fields of the metric's result other than the score). */
    JsonNode rewardInfo() {
        ObjectNode info = JSON.objectNode();
        if (feedback != null) {
            info.put("feedback", feedback);
        }
        return info;
    }

    /**
     * The trajectories of one example, best first, with DSPy's statistics.
     *
     * @param example the example's index in the training set
     * @param trajectories its trajectories, best first (ties in sampling order)
     * @param maxToMinGap the best score minus the worst
     * @param maxScore the best score
     * @param maxToAvgGap the best score minus the mean
     */
    record Bucket(
            int example, List<SimbaTrajectory> trajectories, double maxToMinGap, double maxScore, double maxToAvgGap) {

        /** The order DSPy sorts buckets in: by (max-to-min gap, max, max-to-avg gap), largest first. */
        static final Comparator<Bucket> LARGEST_GAP_FIRST = Comparator.comparingDouble(Bucket::maxToMinGap)
                .thenComparingDouble(Bucket::maxScore)
                .thenComparingDouble(Bucket::maxToAvgGap)
                .reversed();

        Bucket {
            trajectories = List.copyOf(trajectories);
        }

        /** The best trajectory. */
        SimbaTrajectory best() {
            return trajectories.get(0);
        }

        /** The worst trajectory. */
        SimbaTrajectory worst() {
            return trajectories.get(trajectories.size() - 1);
        }
    }

    /**
     * DSPy's bucketing: the outputs are laid out variant by variant, each over the whole batch
     * ({@code outputs[v * bsize + i]} is variant v on the batch's example i); example i's bucket is
     * its trajectories over all variants, sorted best first (a stable sort, so ties keep the variant
     * order), and the buckets are sorted by {@link Bucket#LARGEST_GAP_FIRST} (stable too).
     *
     * @param outputs the trajectories in sampling order
     * @param bsize the batch size
     * @return the buckets, most promising first
     */
    static List<Bucket> buckets(List<SimbaTrajectory> outputs, int bsize) {
        if (bsize < 1 || outputs.size() % bsize != 0) {
            throw new IllegalArgumentException(
                    "SIMBA: " + outputs.size() + " trajectories do not split into buckets " + "of a batch of " + bsize);
        }
        List<Bucket> buckets = new ArrayList<>(bsize);
        for (int i = 0; i < bsize; i++) {
            List<SimbaTrajectory> bucket = new ArrayList<>();
            for (int j = i; j < outputs.size(); j += bsize) {
                bucket.add(outputs.get(j));
            }
            bucket.sort(Comparator.comparingDouble(SimbaTrajectory::score).reversed());
            double max = bucket.get(0).score();
            double min = bucket.get(bucket.size() - 1).score();
            double sum = 0;
            for (SimbaTrajectory trajectory : bucket) {
                sum += trajectory.score();
            }
            double avg = sum / bucket.size();
            buckets.add(new Bucket(bucket.get(0).example(), bucket, max - min, max, max - avg));
        }
        buckets.sort(Bucket.LARGEST_GAP_FIRST);
        return buckets;
    }

    /**
     * numpy's {@code percentile(scores, p)} with its default linear interpolation.
     *
     * @param scores the scores, not empty
     * @param p the percentile, 0 to 100
     * @return the percentile
     */
    static double percentile(List<SimbaTrajectory> scores, double p) {
        double[] sorted =
                scores.stream().mapToDouble(SimbaTrajectory::score).sorted().toArray();
        double rank = p / 100.0 * (sorted.length - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
