package dev.dspj.variable.search;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.VariableSpace;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Random search: configurations drawn uniformly ({@link VariableSpace#sample}), optionally from a
 * Latin hypercube for the first proposals so that a small budget still covers every variable's
 * range.
 *
 * <p>The Latin hypercube is continued from the history rather than remembered: each proposal takes,
 * for every variable, a stratum (or value) that the configurations completed and pending use
 * least. A configuration already completed or pending is redrawn (a bounded number of times; in a
 * finite space small enough to list, an untried one is picked instead), and when every
 * configuration of a finite space has been tried the sampler proposes nothing.
 *
 * <pre>{@code
 * Sampler random = RandomSampler.uniform();
 * Sampler lhs = RandomSampler.latinHypercube(20);   // the first 20 proposals stratified
 * }</pre>
 */
public final class RandomSampler implements Sampler {

    private static final RandomSampler UNIFORM = new RandomSampler(0);

    private final int latinHypercubeSize;

    private RandomSampler(int latinHypercubeSize) {
        this.latinHypercubeSize = latinHypercubeSize;
    }

    /**
     * Uniform random search.
     *
     * @return the sampler
     */
    public static RandomSampler uniform() {
        return UNIFORM;
    }

    /**
     * Random search whose first {@code size} proposals form a Latin hypercube (uniform afterwards).
     *
     * @param size the number of stratified proposals, at least 1; usually the whole budget
     * @return the sampler
     */
    public static RandomSampler latinHypercube(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a Latin hypercube needs at least 1 row, got " + size);
        }
        return new RandomSampler(size);
    }

    /**
     * The number of stratified proposals.
     *
     * @return the count; 0 for uniform random search
     */
    public int latinHypercubeSize() {
        return latinHypercubeSize;
    }

    @Override
    public String name() {
        return latinHypercubeSize > 0 ? "random (Latin hypercube)" : "random";
    }

    @Override
    public Optional<Configuration> propose(
            VariableSpace space, List<Observation> completed, List<Configuration> pending, RandomGenerator random) {
        Set<Configuration> seen = Proposals.seen(completed, pending);
        if (completed.size() + pending.size() < latinHypercubeSize) {
            List<Configuration> existing = Proposals.configurations(completed, pending);
            for (int attempt = 0; attempt < Proposals.MAX_ATTEMPTS; attempt++) {
                Configuration candidate = Proposals.stratified(space, existing, latinHypercubeSize, random);
                if (!seen.contains(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Proposals.uniqueRandom(space, seen, random);
    }

    @Override
    public String toString() {
        return latinHypercubeSize > 0
                ? "RandomSampler[Latin hypercube of " + latinHypercubeSize + "]"
                : "RandomSampler[uniform]";
    }
}
