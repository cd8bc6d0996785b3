package dev.dspj.variable.search;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.VariableSpace;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A search strategy: proposes the next configuration to evaluate from what has been evaluated so
 * far.
 *
 * <p>Samplers are <em>stateless</em>: everything they know comes in as arguments, so a durable
 * study can resume after a restart, and several processes can share one search by reading the
 * same history. A sampler may be called from several threads at once.
 */
public interface Sampler {

    /**
     * A short name for reports, such as {@code "tpe"}.
     *
     * @return the name
     */
    String name();

    /**
     * The next configuration to evaluate: valid in the space (conditions and constraints
     * respected), and different from the completed and pending ones where the space allows.
     *
     * @param space the space searched
     * @param completed finished trials, oldest first, objective values oriented to be maximized
     * @param pending configurations proposed and still being evaluated
     * @param random the source of randomness
     * @return the configuration; empty when the sampler has nothing left to propose (an exhausted
     *     grid)
     */
    Optional<Configuration> propose(
            VariableSpace space, List<Observation> completed, List<Configuration> pending, RandomGenerator random);
}
