package dev.dspj.variable.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

class RandomSamplerTest {

    @Test
    void latinHypercubeUsesEveryStratumOfEveryVariableOnce() {
        VariableSpace space = VariableSpace.of(
                Variable.real("x", 0.0, 1.0, false, 0.5),
                Variable.real("rate", 1e-4, 1.0, true, 1e-2),
                Variable.choice("letter", List.of("a", "b", "c", "d"), "a"));
        int n = 12;
        Sampler lhs = RandomSampler.latinHypercube(n);
        List<Observation> completed = new ArrayList<>();
        List<Configuration> pending = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < n; i++) {
            // Half the design completes, half stays pending: strata are counted from both.
            Configuration next = lhs.propose(space, completed, pending, random).orElseThrow();
            if (i % 2 == 0) {
                completed.add(Observation.of(next, i));
            } else {
                pending.add(next);
            }
        }
        List<Configuration> all = Proposals.configurations(completed, pending);
        for (String name : List.of("x", "rate")) {
            Variable variable = space.variable(name).orElseThrow();
            Set<Integer> strata = new HashSet<>();
            for (Configuration c : all) {
                strata.add((int) Math.floor(variable.toUnit(c.get(name)) * n));
            }
            assertEquals(n, strata.size(), name + " uses each of the " + n + " strata once");
        }
        for (String letter : List.of("a", "b", "c", "d")) {
            assertEquals(
                    3,
                    all.stream()
                            .filter(c -> c.getString("letter").equals(letter))
                            .count(),
                    "each of 4 choices 12 / 4 times");
        }
    }

    @Test
    void avoidsRepeatsInSmallDiscreteSpacesAndStopsWhenEverythingWasTried() {
        VariableSpace space = VariableSpace.of(Variable.bool("a", false), Variable.integer("b", 1, 3, 1, 1));
        for (Sampler sampler : List.of(RandomSampler.uniform(), RandomSampler.latinHypercube(4))) {
            List<Observation> completed = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(2);
            for (int i = 0; i < 6; i++) {
                Configuration next =
                        sampler.propose(space, completed, List.of(), random).orElseThrow();
                assertFalse(
                        completed.stream().anyMatch(o -> o.configuration().equals(next)),
                        sampler + " repeated " + next);
                completed.add(Observation.of(next, 1.0));
            }
            assertEquals(
                    Optional.empty(),
                    sampler.propose(space, completed, List.of(), random),
                    "all 6 configurations were tried");
        }
    }

    @Test
    void respectsConditionsAndConstraints() {
        VariableSpace space = VariableSpace.builder()
                .add(Variable.choice("module", List.of("predict", "react"), "predict"))
                .add(Variable.integer("max_iters", 1, 10, 1, 5).when("module", "react"))
                .add(Variable.real("temperature", 0.0, 2.0, false, 0.0))
                .constraint(
                        "react needs temperature <= 1",
                        c -> !c.getString("module").equals("react") || c.getDouble("temperature") <= 1.0)
                .build();
        List<Observation> completed = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(4);
        Sampler sampler = RandomSampler.latinHypercube(10);
        for (int i = 0; i < 40; i++) {
            Configuration next =
                    sampler.propose(space, completed, List.of(), random).orElseThrow();
            assertEquals(List.of(), space.problems(next));
            assertEquals(next.getString("module").equals("react"), next.has("max_iters"));
            completed.add(Observation.of(next, 0));
        }
    }
}
