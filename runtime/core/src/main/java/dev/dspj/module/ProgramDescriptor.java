package dev.dspj.module;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.VariableSpace;
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
 * <p>The program's {@code @Variable} fields are described by {@link #variables()}, the generated
 * {@code <Name>Variables} (the variable space, and reading and applying a configuration as plain
 * field reads and writes); the generated deep copy copies them too, so a copy of a configured
 * program keeps its configuration.
 *
 * @param <P> the program class
 */
public abstract class ProgramDescriptor<P extends ProgramModule<P>> {

    private final Class<P> programType;
    private final String description;
    private final List<String> moduleFields;
    private final ProgramVariables<P> noVariables;

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
        this.noVariables = new NoVariables<>(this);
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
     * The program's submodules with their paths ({@link Module#namedSubmodules()}): each module
     * field ({@code retrieve}), list element ({@code hops[0]}) and map entry, followed by the
     * modules inside it ({@code inner.retrieve}). Generated descriptors list every module field; a
     * hand-written descriptor that does not override this lists none.
     *
     * @param program the program
     * @return the submodules, in field declaration order
     */
    public List<NamedModule> namedSubmodules(P program) {
        return List.of();
    }

    /**
     * A new program made with the no-argument constructor, whose module fields are then set to
     * deep copies of the original's and whose {@code @Variable} fields to the original's values.
     * Its other declared instance fields that are neither private, final nor static are shared with
     * the original (the copy gets the same retriever, the same setting), so a copy runs like the
     * original; private and final fields keep the values the constructor gives them.
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
     * field and {@code copy.field = program.field} for each {@code @Variable} field).
     *
     * @param program the program to copy
     * @param copier the copier, shared with the programs this one is nested in
     * @return the copy
     */
    public abstract P deepCopy(P program, ModuleCopier copier);

    /**
     * The program's variables: its {@code @Variable} fields as a variable space, with reading and
     * applying configurations. Generated descriptors return the generated
     * {@code <Name>Variables.INSTANCE}; a hand-written descriptor that does not override this
     * declares no variables (an empty space whose {@code predictors} are
     * {@link #namedPredictors(ProgramModule)}).
     *
     * @return the variables
     */
    public ProgramVariables<P> variables() {
        return noVariables;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + moduleFields;
    }

    /** The variables of a descriptor that declares none. */
    private static final class NoVariables<P extends ProgramModule<P>> extends ProgramVariables<P> {

        private final ProgramDescriptor<P> descriptor;

        NoVariables(ProgramDescriptor<P> descriptor) {
            super(descriptor.programType(), VariableSpace.empty());
            this.descriptor = descriptor;
        }

        @Override
        public Configuration read(P program) {
            return Configuration.empty();
        }

        @Override
        protected void assign(P program, Configuration configuration) {
            // nothing to set: the space is empty
        }

        @Override
        public List<NamedPredictor> predictors(P program) {
            return descriptor.namedPredictors(program);
        }
    }
}
