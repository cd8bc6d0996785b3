package dev.dspj.optimize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * GEPA's Pareto bookkeeping over validation instances (gepa's {@code gepa_utils}): which candidates
 * are best on each instance, which of those are dominated, and the frequency-weighted draw of the
 * next parent. Candidates are indexes into a score matrix {@code scores[candidate][instance]};
 * sets iterate in ascending order, as CPython iterates small-integer sets, so draws line up with
 * gepa's for the same seed.
 */
final class GepaPareto {

    private GepaPareto() {}

    /**
     * For each validation instance, the candidates with the highest score on it (gepa's
     * {@code program_at_pareto_front_valset}: a new candidate replaces the set when it beats the
     * best score and joins it when it ties).
     *
     * @param scores per candidate, its score on each instance
     * @return one set per instance, never empty when there is a candidate
     */
    static List<Set<Integer>> fronts(List<double[]> scores) {
        List<Set<Integer>> fronts = new ArrayList<>();
        if (scores.isEmpty()) {
            return fronts;
        }
        int instances = scores.get(0).length;
        for (int t = 0; t < instances; t++) {
            double best = Double.NEGATIVE_INFINITY;
            Set<Integer> front = new TreeSet<>();
            for (int c = 0; c < scores.size(); c++) {
                double score = scores.get(c)[t];
                if (score > best) {
                    best = score;
                    front.clear();
                    front.add(c);
                } else if (score == best) {
                    front.add(c);
                }
            }
            fronts.add(front);
        }
        return fronts;
    }

    /**
     * The fronts without dominated candidates (gepa's {@code remove_dominated_programs}): a candidate
     * is dominated when every front it is on also holds another candidate still standing. The
     * lowest-scoring candidates are considered first, one removal at a time.
     *
     * @param fronts the per-instance fronts
     * @param aggregate each candidate's aggregate validation score
     * @return the fronts restricted to the non-dominated candidates
     */
    static List<Set<Integer>> removeDominated(List<Set<Integer>> fronts, double[] aggregate) {
        Map<Integer, Integer> frequency = new LinkedHashMap<>();
        for (Set<Integer> front : fronts) {
            for (int candidate : front) {
                frequency.merge(candidate, 1, Integer::sum);
            }
        }
        List<Integer> programs = new ArrayList<>(frequency.keySet());
        programs.sort((a, b) -> Double.compare(aggregate[a], aggregate[b]));
        Set<Integer> dominated = new LinkedHashSet<>();
        boolean removed = true;
        while (removed) {
            removed = false;
            for (int candidate : programs) {
                if (dominated.contains(candidate)) {
                    continue;
                }
                Set<Integer> others = new LinkedHashSet<>(programs);
                others.remove(candidate);
                others.removeAll(dominated);
                if (isDominated(candidate, others, fronts)) {
                    dominated.add(candidate);
                    removed = true;
                    break;
                }
            }
        }
        List<Set<Integer>> kept = new ArrayList<>();
        for (Set<Integer> front : fronts) {
            Set<Integer> restricted = new TreeSet<>(front);
            restricted.removeAll(dominated);
            kept.add(restricted);
        }
        return kept;
    }

    private static boolean isDominated(int candidate, Set<Integer> others, List<Set<Integer>> fronts) {
        for (Set<Integer> front : fronts) {
            if (!front.contains(candidate)) {
                continue;
            }
            boolean anotherHere = false;
            for (int other : front) {
                if (others.contains(other)) {
                    anotherHere = true;
                    break;
                }
            }
            if (!anotherHere) {
                return false;
            }
        }
        return true;
    }

    /**
     * The non-dominated candidates on the fronts (gepa's {@code find_dominator_programs}), ascending.
     *
     * @param fronts the per-instance fronts
     * @param aggregate each candidate's aggregate validation score
     * @return the candidates
     */
    static List<Integer> dominators(List<Set<Integer>> fronts, double[] aggregate) {
        Set<Integer> unique = new TreeSet<>();
        for (Set<Integer> front : removeDominated(fronts, aggregate)) {
            unique.addAll(front);
        }
        return new ArrayList<>(unique);
    }

    /**
     * How often each non-dominated candidate is best on an instance, in order of first appearance
     * (the weights of {@link #select}).
     *
     * @param fronts the per-instance fronts
     * @param aggregate each candidate's aggregate validation score
     * @return candidate to the number of instances it is best on
     */
    static Map<Integer, Integer> frequencies(List<Set<Integer>> fronts, double[] aggregate) {
        Map<Integer, Integer> frequency = new LinkedHashMap<>();
        for (Set<Integer> front : removeDominated(fronts, aggregate)) {
            for (int candidate : front) {
                frequency.merge(candidate, 1, Integer::sum);
            }
        }
        return frequency;
    }

    /**
     * Draws a parent (gepa's {@code select_program_candidate_from_pareto_front}): among the
     * non-dominated candidates, each with a weight equal to the number of instances it is best on;
     * the best aggregate when no front has a candidate.
     *
     * @param fronts the per-instance fronts
     * @param aggregate each candidate's aggregate validation score
     * @param random the run's generator (one {@code choice})
     * @return the candidate's index
     */
    static int select(List<Set<Integer>> fronts, double[] aggregate, PyRandom random) {
        List<Integer> draws = new ArrayList<>();
        frequencies(fronts, aggregate).forEach((candidate, count) -> {
            for (int i = 0; i < count; i++) {
                draws.add(candidate);
            }
        });
        if (draws.isEmpty()) {
            return best(aggregate);
        }
        return random.choice(draws);
    }

    /**
     * The first candidate with the highest aggregate score (gepa's {@code idxmax}); ties go to the
     * earliest, which was found with the fewest metric calls.
     *
     * @param aggregate each candidate's aggregate validation score
     * @return the index, or -1 for none
     */
    static int best(double[] aggregate) {
        int best = -1;
        for (int i = 0; i < aggregate.length; i++) {
            if (best < 0 || aggregate[i] > aggregate[best]) {
                best = i;
            }
        }
        return best;
    }
}
