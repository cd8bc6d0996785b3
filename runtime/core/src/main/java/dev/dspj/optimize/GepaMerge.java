package dev.dspj.optimize;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * GEPA's merge proposer (gepa's {@code proposer/merge.py}), system-aware crossover: pick two
 * non-dominated candidates that share an ancestor scoring no better than either, neither descending
 * from the other, and build a child from the ancestor's instructions, taking each predictor's
 * instruction from the descendant that changed it (from the better one when both did). Remembers
 * the triplets and children it already tried, so no merge is proposed twice. Not thread-safe.
 */
final class GepaMerge {

    /** Attempts to find a mergeable pair before giving up, as gepa. */
    static final int MAX_ATTEMPTS = 10;

    /**
     * A merged candidate.
     *
     * @param instructions predictor name to instruction
     * @param first the lower-indexed parent
     * @param second the other parent
     * @param ancestor their common ancestor the merge started from
     * @param sources predictor name to the candidate its instruction was taken from
     */
    record Proposal(
            Map<String, String> instructions, int first, int second, int ancestor, Map<String, Integer> sources) {}

    private final Set<List<Integer>> triedTriplets = new HashSet<>();
    private final Set<List<Integer>> builtChildren = new HashSet<>();

    /**
     * Proposes a merge (gepa's {@code sample_and_attempt_merge_programs_by_common_predictors}).
     *
     * @param candidates every candidate's instructions, by index
     * @param parents every candidate's parents, by index (empty for the seed)
     * @param aggregate every candidate's aggregate validation score
     * @param mergeCandidates the candidates that may be merged (the non-dominated ones), ascending
     * @param random the run's generator
     * @return the merge, or null when no pair qualifies
     */
    @Nullable
    Proposal propose(
            List<Map<String, String>> candidates,
            List<List<Integer>> parents,
            double[] aggregate,
            List<Integer> mergeCandidates,
            PyRandom random) {
        if (mergeCandidates.size() < 2 || parents.size() < 3) {
            return null;
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int[] triplet = commonAncestorPair(candidates, parents, aggregate, mergeCandidates, random);
            if (triplet == null) {
                continue;
            }
            int first = triplet[0];
            int second = triplet[1];
            int ancestor = triplet[2];
            Map<String, String> merged = new LinkedHashMap<>(candidates.get(ancestor));
            Map<String, Integer> sources = new LinkedHashMap<>();
            List<Integer> description = new ArrayList<>(List.of(first, second));
            for (String predictor : candidates.get(ancestor).keySet()) {
                String fromAncestor = instruction(candidates, ancestor, predictor);
                String fromFirst = instruction(candidates, first, predictor);
                String fromSecond = instruction(candidates, second, predictor);
                int source;
                if ((fromAncestor.equals(fromFirst) || fromAncestor.equals(fromSecond))
                        && !fromFirst.equals(fromSecond)) {
                    source = fromAncestor.equals(fromFirst) ? second : first;
                } else if (!fromAncestor.equals(fromFirst) && !fromAncestor.equals(fromSecond)) {
                    source = aggregate[first] > aggregate[second]
                            ? first
                            : aggregate[second] > aggregate[first] ? second : random.choice(List.of(first, second));
                } else {
                    source = first;
                }
                merged.put(predictor, candidates.get(source).get(predictor));
                sources.put(predictor, source);
                description.add(source);
            }
            if (!builtChildren.add(description)) {
                continue;
            }
            triedTriplets.add(List.of(first, second, ancestor));
            return new Proposal(merged, first, second, ancestor, sources);
        }
        return null;
    }

    /** gepa's {@code find_common_ancestor_pair}: {first, second, ancestor}, or null. */
    private int @Nullable [] commonAncestorPair(
            List<Map<String, String>> candidates,
            List<List<Integer>> parents,
            double[] aggregate,
            List<Integer> mergeCandidates,
            PyRandom random) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<Integer> pair = random.sample(mergeCandidates, 2);
            int first = Math.min(pair.get(0), pair.get(1));
            int second = Math.max(pair.get(0), pair.get(1));
            Set<Integer> firstAncestors = ancestors(parents, first);
            Set<Integer> secondAncestors = ancestors(parents, second);
            if (firstAncestors.contains(second) || secondAncestors.contains(first)) {
                continue;
            }
            List<Integer> common = new ArrayList<>();
            for (int ancestor : firstAncestors) {
                if (secondAncestors.contains(ancestor)
                        && !triedTriplets.contains(List.of(first, second, ancestor))
                        && aggregate[ancestor] <= aggregate[first]
                        && aggregate[ancestor] <= aggregate[second]
                        && hasPredictorToTake(candidates, ancestor, first, second)) {
                    common.add(ancestor);
                }
            }
            if (!common.isEmpty()) {
                return new int[] {first, second, weightedChoice(common, aggregate, random)};
            }
        }
        return null;
    }

    /**
     * Every ancestor of a candidate (parents, their parents...), ascending.
     *
     * @param parents every candidate's parents
     * @param candidate the candidate
     * @return its ancestors, without itself
     */
    static Set<Integer> ancestors(List<List<Integer>> parents, int candidate) {
        Set<Integer> found = new TreeSet<>();
        List<Integer> pending = new ArrayList<>(parents.get(candidate));
        while (!pending.isEmpty()) {
            int next = pending.remove(pending.size() - 1);
            if (found.add(next)) {
                pending.addAll(parents.get(next));
            }
        }
        return found;
    }

    /**
     * gepa's {@code does_triplet_have_desirable_predictors}: some predictor kept the ancestor's
     * instruction in one descendant and changed it in the other.
     */
    static boolean hasPredictorToTake(List<Map<String, String>> candidates, int ancestor, int first, int second) {
        for (String predictor : candidates.get(ancestor).keySet()) {
            String fromAncestor = instruction(candidates, ancestor, predictor);
            String fromFirst = instruction(candidates, first, predictor);
            String fromSecond = instruction(candidates, second, predictor);
            if ((fromAncestor.equals(fromFirst) || fromAncestor.equals(fromSecond)) && !fromFirst.equals(fromSecond)) {
                return true;
            }
        }
        return false;
    }

    /** A candidate's instruction for a predictor: every candidate has one for each of the program's predictors. */
    private static String instruction(List<Map<String, String>> candidates, int candidate, String predictor) {
        return Objects.requireNonNull(
                candidates.get(candidate).get(predictor),
                () -> "candidate " + candidate + " has no instruction for " + predictor);
    }

    /** Python's {@code choices(items, weights)[0]}; uniform when every weight is 0. */
    private static int weightedChoice(List<Integer> items, double[] aggregate, PyRandom random) {
        double[] cumulative = new double[items.size()];
        double total = 0;
        for (int i = 0; i < items.size(); i++) {
            total += aggregate[items.get(i)];
            cumulative[i] = total;
        }
        if (total <= 0) {
            return random.choice(items);
        }
        double x = random.random() * total;
        int lo = 0;
        int hi = items.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x < cumulative[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return items.get(lo);
    }

    /**
     * The validation instances a merged child is tried on (gepa's
     * {@code select_eval_subsample_for_merged_program}): up to a third each where the first parent
     * wins, where the second wins, and where they tie, then filled up from the rest.
     *
     * @param firstScores the first parent's per-instance validation scores
     * @param secondScores the second parent's
     * @param size how many instances
     * @param random the run's generator
     * @return instance indexes, possibly repeated when the validation set is smaller than {@code size}
     */
    static List<Integer> subsample(double[] firstScores, double[] secondScores, int size, PyRandom random) {
        List<Integer> all = new ArrayList<>();
        List<Integer> firstWins = new ArrayList<>();
        List<Integer> secondWins = new ArrayList<>();
        List<Integer> ties = new ArrayList<>();
        for (int i = 0; i < firstScores.length; i++) {
            all.add(i);
            if (firstScores[i] > secondScores[i]) {
                firstWins.add(i);
            } else if (secondScores[i] > firstScores[i]) {
                secondWins.add(i);
            } else {
                ties.add(i);
            }
        }
        int each = Math.max(1, (size + 2) / 3);
        List<Integer> selected = new ArrayList<>();
        for (List<Integer> bucket : List.of(firstWins, secondWins, ties)) {
            if (selected.size() >= size) {
                break;
            }
            List<Integer> available = new ArrayList<>(bucket);
            available.removeAll(selected);
            int take = Math.min(Math.min(available.size(), each), size - selected.size());
            if (take > 0) {
                selected.addAll(random.sample(available, take));
            }
        }
        int remaining = size - selected.size();
        if (remaining > 0) {
            List<Integer> unused = new ArrayList<>(all);
            unused.removeAll(selected);
            if (unused.size() >= remaining) {
                selected.addAll(random.sample(unused, remaining));
            } else {
                for (int i = 0; i < remaining; i++) {
                    selected.add(all.get((int) Math.floor(random.random() * all.size())));
                }
            }
        }
        return List.copyOf(selected.subList(0, size));
    }
}
