package dev.dspj.module;

import dev.dspj.primitives.Prediction;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The base of a user's composite program: a class annotated with {@code @Program} that holds
 * predictors (and other programs) in fields and combines them in {@link #forward(Map)}.
 *
 * <pre>{@code
 * @Program("Answer a question in two hops")
 * public class TwoHopQa extends ProgramModule<TwoHopQa> {
 *     GenerateQueryPredictor generateQuery = GenerateQueryPredictor.chainOfThought();
 *     AnswerPredictor answer = AnswerPredictor.predict();
 *
 *     public TwoHopQa() {
 *         super(TwoHopQaProgram.INSTANCE);
 *     }
 *
 *     @Override
 *     public Prediction forward(Map<String, Object> inputs) { ... }
 * }
 * }</pre>
 *
 * <p>The annotation processor generates {@code TwoHopQaProgram}, the program's
 * {@link ProgramDescriptor}; {@link #namedPredictors()} and {@link #deepCopy()} delegate to it,
 * so optimizers and saved state reach the predictors with no reflection.
 *
 * @param <P> the program class itself
 */
public abstract class ProgramModule<P extends ProgramModule<P>> implements Module {

    private final ProgramDescriptor<P> descriptor;

    /**
     * Creates the program.
     *
     * @param descriptor the generated descriptor, {@code <Name>Program.INSTANCE}
     * @throws IllegalStateException when the descriptor describes another class (for example a
     *     subclass of a {@code @Program} class that is not itself annotated)
     */
    protected ProgramModule(ProgramDescriptor<P> descriptor) {
        this.descriptor = Objects.requireNonNull(
                descriptor, "descriptor: pass the generated <Name>Program.INSTANCE to super(...)");
        if (descriptor.programType() != getClass()) {
            throw new IllegalStateException(getClass().getName() + " passes the descriptor of "
                    + descriptor.programType().getName() + ", which would copy it as the wrong class; annotate "
                    + getClass().getSimpleName() + " with @Program, extend ProgramModule<"
                    + getClass().getSimpleName()
                    + "> and pass " + getClass().getSimpleName() + "Program.INSTANCE");
        }
    }

    /**
     * The generated descriptor of this program's class.
     *
     * @return the descriptor
     */
    public final ProgramDescriptor<P> descriptor() {
        return descriptor;
    }

    /**
     * Runs the program.
     *
     * @param inputs input field name to value
     * @return the outputs
     */
    @Override
    public abstract Prediction forward(Map<String, Object> inputs);

    /**
     * The predictors in the program's module fields, with DSPy's paths (see
     * {@link ProgramDescriptor#namedPredictors(ProgramModule)}).
     *
     * @return the predictors
     */
    @Override
    public final List<NamedPredictor> namedPredictors() {
        return descriptor.namedPredictors(asProgram());
    }

    /**
     * The program's submodules with their paths, from the generated descriptor.
     *
     * @return the submodules
     */
    @Override
    public final List<NamedModule> namedSubmodules() {
        return descriptor.namedSubmodules(asProgram());
    }

    /**
     * A new instance of the program whose module fields are deep copies of this one's (see
     * {@link ProgramDescriptor#deepCopy(ProgramModule)}).
     *
     * @return the copy
     */
    @Override
    public final P deepCopy() {
        return descriptor.deepCopy(asProgram());
    }

    /** The copy made by a copier shared with the programs this one is nested in. */
    P deepCopy(ModuleCopier copier) {
        return descriptor.deepCopy(asProgram(), copier);
    }

    private P asProgram() {
        return descriptor.programType().cast(this);
    }

    @Override
    public String toString() {
        StringJoiner paths = new StringJoiner(", ", descriptor.name() + "[", "]");
        for (NamedPredictor named : namedPredictors()) {
            paths.add(named.name());
        }
        return paths.toString();
    }
}
