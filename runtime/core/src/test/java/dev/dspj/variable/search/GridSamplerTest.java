package dev.dspj.variable.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GridSamplerTest {

    /** strategy {direct, multi_hop} x hops 1..3 (only for multi_hop) x temperature; direct only at temperature 0. */
    static final VariableSpace SPACE = VariableSpace.builder()
            .add(Variable.choice("strategy", List.of("direct", "multi_hop"), "direct"))
            .add(Variable.integer("hops", 1, 3, 1, 1).when("strategy", "multi_hop"))
            .add(Variable.real("temperature", 0.0, 1.0, false, 0.0))
            .constraint(
                    "direct answers at temperature 0 only",
                    c -> !c.getString("strategy").equals("direct") || c.getDouble("temperature") == 0.0)
            .build();

    @Test
    void proposesTheGridInOrderThenNothing() {
        GridSampler grid = new GridSampler(3);
        List<Configuration> expected = SPACE.grid(3);
        assertEquals(1 + 3 * 3, expected.size(), "direct once (constraint), multi_hop 3 hops x 3 temperatures");
        List<Observation> completed = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(1);
        for (Configuration point : expected) {
            assertEquals(Optional.of(point), grid.propose(SPACE, completed, List.of(), random));
            completed.add(Observation.of(point, 0.5));
        }
        assertEquals(Optional.empty(), grid.propose(SPACE, completed, List.of(), random), "the grid is exhausted");
        assertFalse(
                completed.stream()
                        .anyMatch(o -> o.configuration().has("hops")
                                && o.configuration().getString("strategy").equals("direct")),
                "inactive variables are absent");
    }

    @Test
    void skipsPendingPointsSoParallelWorkersNeverDuplicate() {
        for (GridSampler grid : List.of(new GridSampler(3), GridSampler.shuffled(3))) {
            List<Configuration> pending = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(5);
            for (Optional<Configuration> next = grid.propose(SPACE, List.of(), pending, random);
                    next.isPresent();
                    next = grid.propose(SPACE, List.of(), pending, random)) {
                assertFalse(pending.contains(next.get()), grid + " proposed a pending point again: " + next.get());
                assertTrue(SPACE.problems(next.get()).isEmpty());
                pending.add(next.get());
            }
            assertEquals(new HashSet<>(SPACE.grid(3)), new HashSet<>(pending), grid + " covers the whole grid once");
        }
    }

    @Test
    void shuffledOrderDependsOnTheRandomSource() {
        Set<Configuration> firsts = new HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            firsts.add(GridSampler.shuffled(3)
                    .propose(SPACE, List.of(), List.of(), new SplittableRandom(seed))
                    .orElseThrow());
        }
        assertTrue(firsts.size() > 2, "shuffled grids start at different points: " + firsts);
    }
}
