package dev.dspj.processor.validation;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.dspj.processor.Message;
import javax.tools.Diagnostic;

/**
 * Reports {@code @Variable} fields and {@code @Tool} methods of local and anonymous classes.
 * Annotation processing never sees inside method bodies, so without this such a member would be
 * silently ignored; it is found in the syntax tree instead (only in files that import one of the
 * annotations, so other files cost nothing) and reported, since generated code cannot reach a
 * local class.
 */
public final class LocalVariableFields {

    private static final String PACKAGE = "dev.dspj.annotations";

    private LocalVariableFields() {}

    /**
     * Reports every {@code @Variable} field and {@code @Tool} method declared in a local or
     * anonymous class of a file.
     *
     * @param trees the compiler's syntax trees
     * @param unit the file
     */
    public static void report(Trees trees, CompilationUnitTree unit) {
        boolean imported = false;
        for (ImportTree importTree : unit.getImports()) {
            String name = importTree.getQualifiedIdentifier().toString();
            imported |= !importTree.isStatic()
                    && (name.equals(Annotations.VARIABLE)
                            || name.equals(Annotations.TOOL)
                            || name.equals(PACKAGE + ".*"));
        }
        if (imported) {
            new Scanner(trees, unit).scan(unit, false);
        }
    }

    /** Walks the file; the argument says whether the current tree is inside code (a body or initializer). */
    private static final class Scanner extends TreeScanner<Void, Boolean> {

        private final Trees trees;
        private final CompilationUnitTree unit;

        Scanner(Trees trees, CompilationUnitTree unit) {
            this.trees = trees;
            this.unit = unit;
        }

        @Override
        public Void visitClass(ClassTree type, Boolean insideCode) {
            for (Tree member : type.getMembers()) {
                String where = type.getSimpleName().length() == 0
                        ? "an anonymous class"
                        : "the local class " + type.getSimpleName();
                if (insideCode && member instanceof MethodTree method && isAnnotated(method.getModifiers(), "Tool")) {
                    trees.printMessage(
                            Diagnostic.Kind.ERROR,
                            Message.TOOL_UNREACHABLE_CLASS.format(
                                    method.getName(), where, "move the method to a top-level or static nested class"),
                            method,
                            unit);
                }
                if (insideCode
                        && member instanceof VariableTree field
                        && isAnnotated(field.getModifiers(), "Variable")) {
                    trees.printMessage(
                            Diagnostic.Kind.ERROR,
                            Message.VARIABLE_UNREACHABLE_CLASS.format(
                                    field.getName(), where, "move the field to a top-level or static nested class"),
                            field,
                            unit);
                }
                // a member class stays where its class is; everything else is code (bodies, initializers)
                scan(member, member instanceof ClassTree ? insideCode : Boolean.TRUE);
            }
            return null;
        }

        private static boolean isAnnotated(ModifiersTree modifiers, String simpleName) {
            for (AnnotationTree annotation : modifiers.getAnnotations()) {
                String name = annotation.getAnnotationType().toString();
                if (name.equals(simpleName) || name.equals(PACKAGE + "." + simpleName)) {
                    return true;
                }
            }
            return false;
        }
    }
}
