package dev.dspj.processor.step;

import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Whether a name the processor is about to generate is taken: by a type this processor generated in
 * this compilation, or by a type compiled from source in this compilation (every round's root types,
 * nested ones included). Both are plain set lookups by name, so the check needs nothing but the type
 * being processed (Gradle's isolating mode recompiles one signature without the others' sources) and
 * never searches the class path: a class there with that name is not a clash, since it is usually this
 * processor's own output from an earlier build, which the new source replaces. Unlike a lookup with
 * {@code Elements.getTypeElement}, it needs no syntax trees and completes no symbol.
 */
public final class GeneratedNames {

    private final Set<String> generated = new HashSet<>();
    private final Set<String> rootTypes = new HashSet<>();

    /** Creates an empty set. */
    public GeneratedNames() {}

    /**
     * Records a round's root types and the types nested in them.
     *
     * @param roots the round's root elements
     */
    public void addRoots(Set<? extends Element> roots) {
        for (Element root : roots) {
            addTypes(root);
        }
    }

    /**
     * Whether a type with that name is generated or compiled from source in this compilation.
     *
     * @param qualifiedName the name to generate
     * @return true when generating it would clash
     */
    public boolean isTaken(String qualifiedName) {
        return generated.contains(qualifiedName) || rootTypes.contains(qualifiedName);
    }

    /**
     * Records a generated type.
     *
     * @param qualifiedName its name
     */
    public void generated(String qualifiedName) {
        generated.add(qualifiedName);
    }

    private void addTypes(Element element) {
        if (element instanceof TypeElement type) {
            rootTypes.add(type.getQualifiedName().toString());
            for (Element enclosed : type.getEnclosedElements()) {
                addTypes(enclosed);
            }
        }
    }
}
