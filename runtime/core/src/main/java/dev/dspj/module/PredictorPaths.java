package dev.dspj.module;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects a composite module's predictors under DSPy's paths, for generated program descriptors
 * and hand-written modules alike:
 *
 * <pre>{@code
 * return PredictorPaths.builder()
 *         .add("generateQuery", program.generateQuery)   // generateQuery.predict (a chain of thought)
 *         .add("answer", program.answer)                 // answer (a Predict)
 *         .addList("hops", program.hops)                 // hops[0], hops[1].predict...
 *         .build();
 * }</pre>
 *
 * <p>Each module's own {@link Module#namedPredictors()} are put under the attribute's path: the
 * predictor a module is itself ({@code self}) takes the attribute's path, the others become
 * {@code attribute.path}. {@code null} modules are skipped, and a predictor already collected
 * (the same instance reached through another attribute) is not listed again, as in DSPy's
 * {@code named_parameters()}.
 */
public final class PredictorPaths {

    private final List<NamedPredictor> collected = new ArrayList<>();
    private final Set<Predict> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    private PredictorPaths() {}

    /**
     * Starts an empty collection.
     *
     * @return a builder
     */
    public static PredictorPaths builder() {
        return new PredictorPaths();
    }

    /**
     * Adds the predictors of a module held in an attribute.
     *
     * @param attribute the field name
     * @param module the module; {@code null} adds nothing
     * @return this builder
     */
    public PredictorPaths add(String attribute, Module module) {
        if (module != null) {
            for (NamedPredictor inner : module.namedPredictors()) {
                String path = inner.name().equals("self") ? attribute : attribute + "." + inner.name();
                if (seen.add(inner.predictor())) {
                    collected.add(new NamedPredictor(path, inner.predictor()));
                }
            }
        }
        return this;
    }

    /**
     * Adds the predictors of each module in a list, under {@code attribute[index]}.
     *
     * @param attribute the field name
     * @param modules the modules; {@code null} adds nothing
     * @return this builder
     */
    public PredictorPaths addList(String attribute, List<? extends Module> modules) {
        if (modules != null) {
            for (int i = 0; i < modules.size(); i++) {
                add(attribute + "[" + i + "]", modules.get(i));
            }
        }
        return this;
    }

    /**
     * Adds the predictors of each module in a map, under {@code attribute['key']}.
     *
     * @param attribute the field name
     * @param modules the modules by key; {@code null} adds nothing
     * @return this builder
     */
    public PredictorPaths addMap(String attribute, Map<String, ? extends Module> modules) {
        if (modules != null) {
            for (Map.Entry<String, ? extends Module> entry : modules.entrySet()) {
                add(attribute + "['" + entry.getKey() + "']", entry.getValue());
            }
        }
        return this;
    }

    /**
     * The predictors collected, in the order added.
     *
     * @return the predictors
     */
    public List<NamedPredictor> build() {
        return List.copyOf(collected);
    }
}
