package dev.dspj.module;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Deep-copies the modules of one composite module, for generated program descriptors and
 * hand-written modules alike:
 *
 * <pre>{@code
 * TwoHopQa copy = new TwoHopQa();
 * copy.generateQuery = copier.copy(program.generateQuery);
 * copy.answer = copier.copy(program.answer);
 * return copy;
 * }</pre>
 *
 * <p>A module reached twice through one copier is copied once, so modules shared between fields
 * stay shared in the copy; a nested {@link ProgramModule} is copied with the same copier, so
 * sharing across nested programs is kept too. {@code null} stays {@code null}. Not thread-safe:
 * use one copier per copy.
 */
public final class ModuleCopier {

    private final IdentityHashMap<Module, Module> copies = new IdentityHashMap<>();

    /** Creates a copier with nothing copied yet. */
    public ModuleCopier() {}

    /**
     * Copies one module with {@link Module#deepCopy()}.
     *
     * @param module the module, possibly {@code null}
     * @param <M> the module's static type
     * @return the copy, an instance of the module's class
     * @throws IllegalStateException when the module's {@code deepCopy()} returns null or an instance of
     *     a class that is not the module's own
     */
    @SuppressWarnings("unchecked")
    public <M extends Module> @Nullable M copy(@Nullable M module) {
        if (module == null) {
            return null;
        }
        Module copy = copies.get(module);
        if (copy == null) {
            // a nested program is copied with this copier, so sharing across programs is kept
            copy = module instanceof ProgramModule<?> program ? program.deepCopy(this) : module.deepCopy();
            if (!module.getClass().isInstance(copy)) {
                throw new IllegalStateException(module.getClass().getName() + ".deepCopy() returned "
                        + (copy == null ? "null" : "a " + copy.getClass().getName())
                        + "; a module's deepCopy() must return a new instance of its own class");
            }
            copies.put(module, copy);
        }
        // the copy is an instance of the module's class, so of M, whatever M is
        return (M) copy;
    }

    /**
     * Copies each module of a list into a new, modifiable list.
     *
     * @param modules the modules, possibly {@code null}
     * @param <M> the element type
     * @return the copies, in order; {@code null} for {@code null}
     */
    public <M extends Module> @Nullable List<M> copyList(@Nullable List<M> modules) {
        if (modules == null) {
            return null;
        }
        List<M> copied = new ArrayList<>(modules.size());
        for (M module : modules) {
            copied.add(copy(module));
        }
        return copied;
    }

    /**
     * Copies each module of a map into a new, modifiable map with the same key order.
     *
     * @param modules the modules by key, possibly {@code null}
     * @param <M> the value type
     * @return the copies; {@code null} for {@code null}
     */
    public <M extends Module> @Nullable Map<String, M> copyMap(@Nullable Map<String, M> modules) {
        if (modules == null) {
            return null;
        }
        Map<String, M> copied = new LinkedHashMap<>();
        for (Map.Entry<String, M> entry : modules.entrySet()) {
            copied.put(entry.getKey(), copy(entry.getValue()));
        }
        return copied;
    }
}
