package dev.dspj.processor.validation;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import org.jspecify.annotations.Nullable;

/**
 * The compiler's syntax trees ({@link Trees}), which the processor needs to read a
 * {@code @Variable} field's initializer (its default). {@link Trees#instance} accepts only javac's
 * own environment, so a build tool's wrapper around it is unwrapped first: IntelliJ's through its
 * documented {@code APIWrappers.unwrap}, Gradle's incremental-processing wrapper (and Kotlin's
 * kapt) through the field holding the environment it delegates to, as other processors do.
 */
public final class SyntaxTrees {

    private static final int MAX_WRAPPERS = 4;

    private SyntaxTrees() {}

    /**
     * The syntax trees of the compilation.
     *
     * @param environment the processing environment the processor was given
     * @return the trees; empty when the compiler does not expose them (not javac, or a wrapper
     *     that cannot be unwrapped)
     */
    public static Optional<Trees> of(ProcessingEnvironment environment) {
        ProcessingEnvironment current = environment;
        for (int depth = 0; depth <= MAX_WRAPPERS && current != null; depth++) {
            try {
                return Optional.of(Trees.instance(current));
            } catch (IllegalArgumentException | LinkageError notJavacs) {
                current = unwrap(current);
            }
        }
        return Optional.empty();
    }

    /** The environment a wrapper delegates to; null when none is found. */
    private static @Nullable ProcessingEnvironment unwrap(ProcessingEnvironment wrapper) {
        ProcessingEnvironment unwrapped = intellijUnwrap(wrapper);
        if (unwrapped != null && unwrapped != wrapper) {
            return unwrapped;
        }
        for (Class<?> type = wrapper.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (ProcessingEnvironment.class.isAssignableFrom(field.getType())
                        || field.getName().equals("delegate")
                        || field.getName().equals("processingEnv")) {
                    try {
                        field.setAccessible(true);
                        if (field.get(wrapper) instanceof ProcessingEnvironment inner && inner != wrapper) {
                            return inner;
                        }
                    } catch (ReflectiveOperationException | RuntimeException inaccessible) {
                        // not this field; try the others
                    }
                }
            }
        }
        return null;
    }

    /** The environment IntelliJ's wrapper delegates to; null when not IntelliJ's. */
    private static @Nullable ProcessingEnvironment intellijUnwrap(ProcessingEnvironment wrapper) {
        try {
            Class<?> wrappers = Class.forName(
                    "org.jetbrains.jps.javac.APIWrappers",
                    false,
                    wrapper.getClass().getClassLoader());
            Method unwrap = wrappers.getDeclaredMethod("unwrap", Class.class, Object.class);
            return ProcessingEnvironment.class.cast(unwrap.invoke(null, ProcessingEnvironment.class, wrapper));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError notIntellij) {
            return null;
        }
    }
}
