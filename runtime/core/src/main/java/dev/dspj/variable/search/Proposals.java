package dev.dspj.variable.search;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/** What the samplers share: the history as a set, stratified (Latin hypercube) and unique random draws. */
final class Proposals {

    /** Draws tried before a sampler gives up on finding a configuration it has not seen. */
    static final int MAX_ATTEMPTS = 32;
    /** The largest finite space whose every configuration is listed to find one not seen yet. */
    static final long MAX_ENUMERATED = 100_000;

    private Proposals() {}

    /** The configurations completed or pending. */
    static Set<Configuration> seen(List<Observation> completed, List<Configuration> pending) {
        Set<Configuration> seen = new HashSet<>(completed.size() * 2 + pending.size() * 2 + 1);
        for (Observation observation : completed) {
            seen.add(observation.configuration());
        }
        seen.addAll(pending);
        return seen;
    }

    /** The configurations completed or pending, completed first, in order. */
    static List<Configuration> configurations(List<Observation> completed, List<Configuration> pending) {
        List<Configuration> all = new ArrayList<>(completed.size() + pending.size());
        for (Observation observation : completed) {
            all.add(observation.configuration());
        }
        all.addAll(pending);
        return all;
    }

    /**
     * A configuration that continues a Latin hypercube of {@code strata} rows through the
     * configurations already drawn, without remembering anything between calls: each active
     * variable takes a stratum of its unit interval (or, for a discrete variable with no more
     * values than strata, a value) that the existing configurations use least, ties broken at
     * random. Drawn this way, the first {@code strata} configurations of a search form a Latin
     * hypercube whatever order they complete in.
     */
    static Configuration stratified(
            VariableSpace space, Collection<Configuration> existing, int strata, RandomGenerator random) {
        Configuration candidate =
                space.complete(Configuration.empty(), variable -> stratifiedValue(variable, existing, strata, random));
        return space.satisfiesConstraints(candidate) ? candidate : space.sample(random);
    }

    private static Object stratifiedValue(
            Variable variable, Collection<Configuration> existing, int strata, RandomGenerator random) {
        long cardinality = variable.cardinality();
        boolean byValue = variable.isDiscrete() && cardinality <= strata;
        int cells = byValue ? (int) cardinality : strata;
        int[] used = new int[cells];
        for (Configuration configuration : existing) {
            Object value = configuration.get(variable.name());
            if (value == null) {
                continue;
            }
            int cell = (int) Math.min(cells - 1, Math.floor(variable.toUnit(value) * cells));
            used[cell]++;
        }
        int least = Integer.MAX_VALUE;
        int ties = 0;
        int chosen = 0;
        for (int cell = 0; cell < cells; cell++) {
            if (used[cell] < least) {
                least = used[cell];
                ties = 1;
                chosen = cell;
            } else if (used[cell] == least && random.nextInt(++ties) == 0) {
                chosen = cell;
            }
        }
        return variable.fromUnit((chosen + (byValue ? 0.5 : random.nextDouble())) / cells);
    }

    /**
     * A uniform draw not in {@code seen}, tried {@link #MAX_ATTEMPTS} times; then, for a finite
     * space small enough to list, a random configuration not seen, or empty when every one has
     * been; otherwise the last draw, seen or not.
     */
    static Optional<Configuration> uniqueRandom(VariableSpace space, Set<Configuration> seen, RandomGenerator random) {
        Configuration candidate = space.sample(random);
        for (int attempt = 1; attempt < MAX_ATTEMPTS && seen.contains(candidate); attempt++) {
            candidate = space.sample(random);
        }
        if (!seen.contains(candidate)) {
            return Optional.of(candidate);
        }
        return isFinite(space) ? unseenOf(space, seen, random) : Optional.of(candidate);
    }

    /**
     * Returns {@code candidate} when it has not been seen, else a unique random configuration (see
     * {@link #uniqueRandom}).
     */
    static Optional<Configuration> unlessSeen(
            Configuration candidate, VariableSpace space, Set<Configuration> seen, RandomGenerator random) {
        return seen.contains(candidate) ? uniqueRandom(space, seen, random) : Optional.of(candidate);
    }

    /** Whether every variable is discrete and the space has at most {@link #MAX_ENUMERATED} configurations. */
    static boolean isFinite(VariableSpace space) {
        long product = 1;
        for (Variable variable : space.variables()) {
            if (!variable.isDiscrete() || variable.cardinality() > MAX_ENUMERATED) {
                return false;
            }
            product *= variable.cardinality();
            if (product > MAX_ENUMERATED) {
                return false;
            }
        }
        return true;
    }

    /** Every configuration of a finite space ({@link #isFinite}), constraints applied. */
    static List<Configuration> enumerate(VariableSpace space) {
        long widest = 1;
        for (Variable variable : space.variables()) {
            widest = Math.max(widest, variable.cardinality());
        }
        return space.grid((int) widest);
    }

    private static Optional<Configuration> unseenOf(
            VariableSpace space, Set<Configuration> seen, RandomGenerator random) {
        List<Configuration> unseen = new ArrayList<>();
        for (Configuration configuration : enumerate(space)) {
            if (!seen.contains(configuration)) {
                unseen.add(configuration);
            }
        }
        return unseen.isEmpty() ? Optional.empty() : Optional.of(unseen.get(random.nextInt(unseen.size())));
    }
}
