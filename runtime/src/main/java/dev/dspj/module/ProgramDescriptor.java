package dev.dspj.module;

import java.util.List;
import java.util.Objects;

/**
 * What the annotation processor knows about one {@code @Program} class, generated next to it as
 * {@code <Name>Program} (for {@code TwoHopQa}, {@code TwoHopQaProgram}, with a single
 * {@code INSTANCE}): the program's module fields by name, and the two operations optimizers need
 * done without reflection, written as plain field reads and writes —
 * {@linkplain #namedPredictors(ProgramModule) listing its predictors} with DSPy's paths and
 * {@linkplain #deepCopy(ProgramModule) deep-copying it}.
 *
 * <p>A <em>module field</em> is an instance field whose type is a {@link Module} (a generated
 * predictor, {@link Predict}, {@link ChainOfThought}, another {@code @Program} class...), a
 * {@code List} of modules or a {@code Map<String, ...>} of modules.
 *
 * <p>This is the one descriptor per program class: the variable-system issue adds the program's
 * {@code @Variable} fields here (the variable space, and reading and applying a configuration as
 * plain field assignments), so a single generated class describes everything optimizers can
 * change in a program.
 *
 * @param <P> the program class
 */
public abstract class ProgramDescriptor<P extends ProgramModule<P>> {

    private final Class<P> programType;
    private final String description;
    private final List<String> moduleFields;

    /**
     * Creates the descriptor (called by the generated subclass).
     *
     * @param programType the program class
     * @param description the {@code @Program} annotation's description; empty for none
     * @param moduleFields the names of the module fields, in declaration order
     */
    protected ProgramDescriptor(Class<P> programType, String description, List<String> moduleFields) {
        this.programType = Objects.requireNonNull(programType, "programType");
        this.description = description == null ? "" : description;
        this.moduleFields = List.copyOf(moduleFields);
    }

    /**
     * The program class.
     *
     * @return the class
     */
    public final Class<P> programType() {
        return programType;
    }

    /**
     * The program's name: its class's simple name.
     *
     * @return the name
     */
    public final String name() {
        return programType.getSimpleName();
    }

    /**
     * What the program does, from {@code @Program("...")}.
     *
     * @return the description; empty for none
     */
    public final String description() {
        return description;
    }

    /**
     * The names of the program's module fields, in declaration order.
     *
     * @return the field names
     */
    public final List<String> moduleFields() {
        return moduleFields;
    }

    /**
     * The program's predictors with their paths, as DSPy's {@code named_predictors()} names them:
     * a field holding a {@link Predict} (or a generated predictor made with {@code predict()}) is
     * {@code answer}; the predictor inside a chain of thought is {@code generateQuery.predict};
     * nested programs give {@code inner.answer}; list elements {@code hops[0]}, map entries
     * {@code byTopic['k']}. Fields that are {@code null} are skipped, and a predictor reachable
     * twice is listed once, at its first path.
     *
     * @param program the program
     * @return the predictors, in field declaration order
     */
    public abstract List<NamedPredictor> namedPredictors(P program);

    /**
     * A new program made with the no-argument constructor, whose module fields are then set to
     * deep copies of the original's. Other fields keep the values the constructor gives them.
     *
     * <p>Modules shared between fields stay shared in the copy, also across nested programs (an
     * inner program's predictor that the outer program holds too); a predictor shared with the
     * inside of another module (the one inside a chain of thought) is copied separately.
     *
     * @param program the program to copy
     * @return the copy
     */
    public final P deepCopy(P program) {
        return deepCopy(program, new ModuleCopier());
    }

    /**
     * Copies the program with a copier that remembers what it already copied (the generated
     * code: a new instance, then {@code copy.field = copier.copy(program.field)} for each module
     * field).
     *
     * @param program the program to copy
     * @param copier the copier, shared with the programs this one is nested in
     * @return the copy
     */
    public abstract P deepCopy(P program, ModuleCopier copier);

    @Override
    public String toString() {
        return getClass().getSimpleName() + moduleFields;
    }
}
