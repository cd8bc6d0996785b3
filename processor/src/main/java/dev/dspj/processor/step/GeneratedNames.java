package dev.dspj.processor.step;

import com.sun.source.util.Trees;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Whether a name the processor is about to generate is taken. Looked up by name, so the check
 * needs nothing but the type being processed (Gradle's isolating mode recompiles one signature
 * without the others' sources): a name is taken by a type this processor generated in this
 * compilation, or by a type compiled from source in this compilation. A class on the class path
 * with that name is not a clash: it is usually this processor's own output from an earlier build,
 * which the new source replaces.
 */
public final class GeneratedNames {

    private final Elements elements;
    private final Optional<Trees> trees;
    private final Set<String> generated = new HashSet<>();
    /** Without syntax trees, whether a type is from source is told by the round's root types. */
    private final Set<String> rootTypes = new HashSet<>();

    /**
     * Creates the set.
     *
     * @param elements the compiler's element utilities
     * @param trees the compiler's syntax trees, when available
     */
    public GeneratedNames(Elements elements, Optional<Trees> trees) {
        this.elements = elements;
        this.trees = trees;
    }

    /**
     * Records a round's root types; used only when the compiler gives no syntax trees.
     *
     * @param roots the round's root elements
     */
    public void addRoots(Set<? extends Element> roots) {
        if (trees.isEmpty()) {
            for (Element root : roots) {
                addTypes(root);
            }
        }
    }

    /**
     * Whether a type with that name is generated or compiled from source in this compilation.
     *
     * @param qualifiedName the name to generate
     * @return true when generating it would clash
     */
    public boolean isTaken(String qualifiedName) {
        if (generated.contains(qualifiedName)) {
            return true;
        }
        if (trees.isEmpty()) {
            return rootTypes.contains(qualifiedName);
        }
        TypeElement existing = elements.getTypeElement(qualifiedName);
        return existing != null && trees.get().getTree(existing) != null;
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
