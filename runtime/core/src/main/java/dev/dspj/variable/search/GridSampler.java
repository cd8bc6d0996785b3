package dev.dspj.variable.search;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.VariableSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Grid search: every configuration of {@link VariableSpace#grid(int)} once, then nothing.
 *
 * <p>In order (the grid's lexicographic order) by default, or in random order with
 * {@link #shuffled(int)}, which is what to use when the budget may end before the grid does. A
 * grid point that is completed or pending is skipped, so several processes can share a grid.
 *
 * <pre>{@code
 * Sampler grid = new GridSampler(10);   // 10 points per real variable
 * }</pre>
 */
public final class GridSampler implements Sampler {

    private final int continuousPoints;
    private final boolean shuffled;
    private volatile @Nullable CachedGrid cache;

    private record CachedGrid(VariableSpace space, List<Configuration> grid) {}

    /**
     * A grid sampler that proposes the grid in order.
     *
     * @param continuousPoints the points per real (or wide integer) variable, at least 1
     */
    public GridSampler(int continuousPoints) {
        this(continuousPoints, false);
    }

    private GridSampler(int continuousPoints, boolean shuffled) {
        if (continuousPoints < 1) {
            throw new IllegalArgumentException(
                    "a grid needs at least 1 point per real variable, got " + continuousPoints);
        }
        this.continuousPoints = continuousPoints;
        this.shuffled = shuffled;
    }

    /**
     * A grid sampler that proposes a random grid point not yet tried.
     *
     * @param continuousPoints the points per real (or wide integer) variable, at least 1
     * @return the sampler
     */
    public static GridSampler shuffled(int continuousPoints) {
        return new GridSampler(continuousPoints, true);
    }

    /**
     * The points per real variable.
     *
     * @return the count
     */
    public int continuousPoints() {
        return continuousPoints;
    }

    @Override
    public String name() {
        return shuffled ? "grid (shuffled)" : "grid";
    }

    /**
     * The first grid point (or, shuffled, a random one) neither completed nor pending.
     *
     * @return the grid point; empty when the grid is exhausted
     */
    @Override
    public Optional<Configuration> propose(
            VariableSpace space, List<Observation> completed, List<Configuration> pending, RandomGenerator random) {
        List<Configuration> grid = grid(space);
        Set<Configuration> seen = Proposals.seen(completed, pending);
        if (!shuffled) {
            for (Configuration point : grid) {
                if (!seen.contains(point)) {
                    return Optional.of(point);
                }
            }
            return Optional.empty();
        }
        List<Configuration> unseen = new ArrayList<>(Math.max(0, grid.size() - seen.size()));
        for (Configuration point : grid) {
            if (!seen.contains(point)) {
                unseen.add(point);
            }
        }
        return unseen.isEmpty() ? Optional.empty() : Optional.of(unseen.get(random.nextInt(unseen.size())));
    }

    /**
     * The grid of a space, computed once per space this sampler sees last.
     *
     * @param space the space
     * @return its grid
     */
    List<Configuration> grid(VariableSpace space) {
        CachedGrid cached = cache;
        if (cached == null || cached.space() != space) {
            cached = new CachedGrid(space, space.grid(continuousPoints));
            cache = cached;
        }
        return cached.grid();
    }

    @Override
    public String toString() {
        return "GridSampler[" + continuousPoints + " points per real variable" + (shuffled ? ", shuffled" : "") + "]";
    }
}
