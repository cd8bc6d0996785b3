package dev.dspj.processor.validation;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import org.jspecify.annotations.Nullable;

/**
 * Reads a field's initializer at compile time, from the syntax tree (javac has not evaluated it
 * yet): a literal, a negated literal, an enum constant ({@code Style.SHORT}, or {@code SHORT}
 * statically imported), or a reference to a compile-time constant ({@code DEFAULT_HOPS},
 * {@code Defaults.HOPS}, {@code Integer.MAX_VALUE}). Names are resolved the way javac would for
 * these forms: the enclosing classes and what they inherit, the imports, the package and
 * {@code java.lang}.
 */
final class InitializerReader implements FieldInitializers {

    private final Trees trees;
    private final Elements elements;

    InitializerReader(Trees trees, Elements elements) {
        this.trees = trees;
        this.elements = elements;
    }

    @Override
    public Initializer read(VariableElement field, @Nullable TypeElement enumType) {
        TreePath path = trees.getPath(field);
        if (path == null || !(path.getLeaf() instanceof VariableTree declaration)) {
            return new Unsupported("?", "the field's source is not available");
        }
        ExpressionTree initializer = declaration.getInitializer();
        if (initializer == null) {
            return new Missing();
        }
        Scope scope = new Scope(enclosingType(field), path.getCompilationUnit(), enumType);
        return evaluate(initializer, scope, initializer.toString());
    }

    private Initializer evaluate(ExpressionTree expression, Scope scope, String source) {
        if (expression instanceof ParenthesizedTree parenthesized) {
            return evaluate(parenthesized.getExpression(), scope, source);
        }
        if (expression instanceof LiteralTree literal) {
            return literal.getValue() == null
                    ? new Unsupported(source, "null is not a value a variable can take")
                    : new Value(literal.getValue());
        }
        if (expression.getKind() == Tree.Kind.UNARY_MINUS || expression.getKind() == Tree.Kind.UNARY_PLUS) {
            Initializer operand = evaluate(((UnaryTree) expression).getExpression(), scope, source);
            if (operand instanceof Value value
                    && value.value() instanceof Number number
                    && expression.getKind() == Tree.Kind.UNARY_MINUS) {
                return new Value(negate(number));
            }
            if (operand instanceof Value value && value.value() instanceof Number) {
                return operand;
            }
            return operand instanceof Unsupported ? operand : new Unsupported(source, "only numbers can be negated");
        }
        if (expression instanceof IdentifierTree identifier) {
            String name = identifier.getName().toString();
            Optional<VariableElement> found = scope.resolveName(name);
            if (found.isEmpty() && scope.isConstantOfEnum(name)) {
                return new EnumConstant(name, scope.knownEnumType());
            }
            return found.map(field -> classify(field, source))
                    .orElseGet(() -> new Unsupported(source, "DSPJ cannot find a constant named " + name));
        }
        if (expression instanceof MemberSelectTree select) {
            String qualifier = select.getExpression().toString();
            String name = select.getIdentifier().toString();
            Optional<TypeElement> type = scope.resolveType(qualifier);
            Optional<VariableElement> found = type.flatMap(t -> field(t, name));
            if (found.isEmpty() && scope.isConstantOfEnum(name) && scope.namesEnum(qualifier)) {
                return new EnumConstant(name, scope.knownEnumType());
            }
            return found.map(field -> classify(field, source))
                    .orElseGet(() -> new Unsupported(
                            source,
                            type.isPresent()
                                    ? qualifier + " has no field " + name
                                    : "DSPJ cannot find the type " + qualifier));
        }
        return new Unsupported(source, "it is " + describe(expression));
    }

    /** The type declaring a field; a field always has one. */
    private static TypeElement enclosingType(VariableElement field) {
        return (TypeElement) Objects.requireNonNull(field.getEnclosingElement(), "a field is declared in a type");
    }

    private static Initializer classify(VariableElement field, String source) {
        if (field.getKind() == ElementKind.ENUM_CONSTANT) {
            return new EnumConstant(field.getSimpleName().toString(), enclosingType(field));
        }
        Object constant = field.getConstantValue();
        if (constant != null) {
            return new Value(constant);
        }
        return new Unsupported(
                source,
                field.getSimpleName() + " is not a compile-time constant (a static final field "
                        + "with a constant initializer)");
    }

    private static Number negate(Number number) {
        if (number instanceof Double d) {
            return -d;
        }
        if (number instanceof Float f) {
            return -f;
        }
        if (number instanceof Long l) {
            return -l;
        }
        return -number.intValue();
    }

    private static String describe(ExpressionTree expression) {
        if (expression instanceof BinaryTree) {
            return "an operation";
        }
        return switch (expression.getKind()) {
            case METHOD_INVOCATION -> "a method call";
            case NEW_CLASS, NEW_ARRAY -> "a new object";
            case CONDITIONAL_EXPRESSION -> "a conditional expression";
            case TYPE_CAST -> "a cast";
            case LAMBDA_EXPRESSION, MEMBER_REFERENCE -> "a function";
            default -> {
                String words =
                        expression.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
                yield ("aeiou".indexOf(words.charAt(0)) >= 0 ? "an " : "a ") + words;
            }
        };
    }

    /** A field declared in a type or inherited from its superclasses and interfaces. */
    private static Optional<VariableElement> field(TypeElement type, String name) {
        for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            if (field.getSimpleName().contentEquals(name)) {
                return Optional.of(field);
            }
        }
        for (TypeElement supertype : supertypes(type)) {
            Optional<VariableElement> found = field(supertype, name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** A member type declared in a type or inherited from its superclasses and interfaces. */
    private static Optional<TypeElement> memberType(TypeElement type, String name) {
        for (TypeElement member : ElementFilter.typesIn(type.getEnclosedElements())) {
            if (member.getSimpleName().contentEquals(name)) {
                return Optional.of(member);
            }
        }
        for (TypeElement supertype : supertypes(type)) {
            Optional<TypeElement> found = memberType(supertype, name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static List<TypeElement> supertypes(TypeElement type) {
        List<TypeElement> supertypes = new ArrayList<>();
        List<TypeMirror> mirrors = new ArrayList<>(type.getInterfaces());
        mirrors.add(0, type.getSuperclass());
        for (TypeMirror mirror : mirrors) {
            if (mirror instanceof DeclaredType declared && declared.asElement() instanceof TypeElement supertype) {
                supertypes.add(supertype);
            }
        }
        return supertypes;
    }

    /** Where the initializer is written: its classes, file, and the field's enum. */
    private final class Scope {

        private final TypeElement enclosing;
        private final CompilationUnitTree unit;
        /** Null when the field is not an enum. */
        private final @Nullable TypeElement enumType;

        Scope(TypeElement enclosing, CompilationUnitTree unit, @Nullable TypeElement enumType) {
            this.enclosing = enclosing;
            this.unit = unit;
            this.enumType = enumType;
        }

        boolean isConstantOfEnum(String name) {
            return enumType != null
                    && ElementFilter.fieldsIn(enumType.getEnclosedElements()).stream()
                            .anyMatch(f -> f.getKind() == ElementKind.ENUM_CONSTANT
                                    && f.getSimpleName().contentEquals(name));
        }

        /** The field's enum, once {@link #isConstantOfEnum} has held. */
        TypeElement knownEnumType() {
            return Objects.requireNonNull(enumType, "isConstantOfEnum holds only for an enum field");
        }

        /** Whether a qualifier as written ({@code Style}, {@code Outer.Style}, {@code p.Style}) may name the enum. */
        boolean namesEnum(String qualifier) {
            String canonical = knownEnumType().getQualifiedName().toString();
            return canonical.equals(qualifier) || canonical.endsWith("." + qualifier);
        }

        /** A simple name: a field of the enclosing classes (or inherited), else a static import. */
        Optional<VariableElement> resolveName(String name) {
            for (Element current = enclosing;
                    current instanceof TypeElement type;
                    current = current.getEnclosingElement()) {
                Optional<VariableElement> found = field(type, name);
                if (found.isPresent()) {
                    return found;
                }
            }
            for (ImportTree imported : unit.getImports()) {
                if (!imported.isStatic()) {
                    continue;
                }
                String text = imported.getQualifiedIdentifier().toString();
                int dot = text.lastIndexOf('.');
                String member = text.substring(dot + 1);
                if (member.equals(name) || member.equals("*")) {
                    Optional<VariableElement> found = Optional.ofNullable(
                                    elements.getTypeElement(text.substring(0, dot)))
                            .flatMap(type -> field(type, name));
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
            return Optional.empty();
        }

        /** A type name as written: simple, nested ({@code Outer.Inner}) or qualified. */
        Optional<TypeElement> resolveType(String written) {
            String[] parts = written.split("\\.");
            Optional<TypeElement> type = resolveSimpleType(parts[0]);
            for (int i = 1; i < parts.length && type.isPresent(); i++) {
                String part = parts[i];
                type = type.flatMap(t -> memberType(t, part));
            }
            if (type.isEmpty()) {
                type = Optional.ofNullable(elements.getTypeElement(written));
            }
            return type;
        }

        private Optional<TypeElement> resolveSimpleType(String name) {
            for (Element current = enclosing;
                    current instanceof TypeElement type;
                    current = current.getEnclosingElement()) {
                if (type.getSimpleName().contentEquals(name)) {
                    return Optional.of(type);
                }
                Optional<TypeElement> member = memberType(type, name);
                if (member.isPresent()) {
                    return member;
                }
            }
            for (ImportTree imported : unit.getImports()) {
                String text = imported.getQualifiedIdentifier().toString();
                if (!imported.isStatic() && text.endsWith("." + name)) {
                    return Optional.ofNullable(elements.getTypeElement(text));
                }
            }
            PackageElement pkg = elements.getPackageOf(enclosing);
            String inPackage = pkg.isUnnamed() ? name : pkg.getQualifiedName() + "." + name;
            TypeElement found = elements.getTypeElement(inPackage);
            if (found != null) {
                return Optional.of(found);
            }
            for (ImportTree imported : unit.getImports()) {
                String text = imported.getQualifiedIdentifier().toString();
                if (!imported.isStatic() && text.endsWith(".*")) {
                    found = elements.getTypeElement(text.substring(0, text.length() - 1) + name);
                    if (found != null) {
                        return Optional.of(found);
                    }
                }
            }
            return Optional.ofNullable(elements.getTypeElement("java.lang." + name));
        }
    }
}
