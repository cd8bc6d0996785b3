package dev.dspj.processor.validation;

import com.sun.source.util.Trees;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code @Variable} field's initializer, which is the variable's default. javac has not
 * evaluated a non-final field's initializer when the processor runs, so it is read from the syntax
 * tree ({@link InitializerReader}); a compiler that gives no syntax trees gets the plain fallback,
 * which reads nothing and says why ({@link Unreadable}).
 */
interface FieldInitializers {

    /** What a field's initializer is. */
    sealed interface Initializer permits Missing, Value, EnumConstant, Unsupported, Unreadable {}

    /** No initializer. */
    record Missing() implements Initializer {}

    /**
     * A constant: a {@code Boolean}, {@code String}, {@code Character} or boxed number.
     *
     * @param value the value
     */
    record Value(Object value) implements Initializer {}

    /**
     * An enum constant.
     *
     * @param name the constant's name
     * @param type its enum
     */
    record EnumConstant(String name, TypeElement type) implements Initializer {}

    /**
     * An expression this reader does not evaluate.
     *
     * @param source the initializer as written
     * @param reason why it is not read
     */
    record Unsupported(String source, String reason) implements Initializer {}

    /**
     * No syntax trees to read the initializer from.
     *
     * @param environment the processing environment's class name, for the message
     */
    record Unreadable(String environment) implements Initializer {}

    /**
     * Reads a field's initializer.
     *
     * @param field a field declared in a source file
     * @param enumType the field's enum type; null when it is not an enum
     * @return what the initializer is
     */
    Initializer read(VariableElement field, @Nullable TypeElement enumType);

    /**
     * The reader for a compilation: from syntax trees when the compiler gives them, else the
     * fallback.
     *
     * @param trees the compiler's syntax trees, if any
     * @param elements the compiler's element utilities
     * @param environment the processing environment's class name, for the fallback's message
     * @return the reader
     */
    static FieldInitializers of(Optional<Trees> trees, Elements elements, String environment) {
        return trees.<FieldInitializers>map(t -> new InitializerReader(t, elements))
                .orElse((field, enumType) -> new Unreadable(environment));
    }
}
