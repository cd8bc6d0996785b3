package dev.dspj.module;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects a composite module's submodules under their paths, for generated program descriptors
 * and hand-written modules alike, as {@link PredictorPaths} does for predictors:
 *
 * <pre>{@code
 * return ModulePaths.builder()
 *         .add("retrieve", program.retrieve)   // retrieve
 *         .addList("hops", program.hops)       // hops[0], hops[0].retrieve, hops[1]...
 *         .build();
 * }</pre>
 *
 * <p>Each module is listed under its attribute's path, followed by its own
 * {@link Module#namedSubmodules()} under {@code attribute.path}. {@code null} modules are skipped,
 * and a module already collected (the same instance reached through another attribute) is not
 * listed again.
 */
public final class ModulePaths {

    private final List<NamedModule> collected = new ArrayList<>();
    private final Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    private ModulePaths() {}

    /**
     * Starts an empty collection.
     *
     * @return a builder
     */
    public static ModulePaths builder() {
        return new ModulePaths();
    }

    /**
     * Adds a module held in an attribute, and the modules inside it.
     *
     * @param attribute the field name
     * @param module the module; {@code null} adds nothing
     * @return this builder
     */
    public ModulePaths add(String attribute, Module module) {
        if (module != null && seen.add(module)) {
            collected.add(new NamedModule(attribute, module));
            for (NamedModule inner : module.namedSubmodules()) {
                if (seen.add(inner.module())) {
                    collected.add(new NamedModule(attribute + "." + inner.name(), inner.module()));
                }
            }
        }
        return this;
    }

    /**
     * Adds each module in a list, under {@code attribute[index]}.
     *
     * @param attribute the field name
     * @param modules the modules; {@code null} adds nothing
     * @return this builder
     */
    public ModulePaths addList(String attribute, List<? extends Module> modules) {
        if (modules != null) {
            for (int i = 0; i < modules.size(); i++) {
                add(attribute + "[" + i + "]", modules.get(i));
            }
        }
        return this;
    }

    /**
     * Adds each module in a map, under {@code attribute['key']}.
     *
     * @param attribute the field name
     * @param modules the modules by key; {@code null} adds nothing
     * @return this builder
     */
    public ModulePaths addMap(String attribute, Map<String, ? extends Module> modules) {
        if (modules != null) {
            for (Map.Entry<String, ? extends Module> entry : modules.entrySet()) {
                add(attribute + "['" + entry.getKey() + "']", entry.getValue());
            }
        }
        return this;
    }

    /**
     * The modules collected, in the order added, each followed by the modules inside it.
     *
     * @return the modules
     */
    public List<NamedModule> build() {
        return List.copyOf(collected);
    }
}
