package dev.dspj.optimize;

import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Helpers the optimizers share: typed copies, DSPy's {@code reset_copy}, structure checks, demo counts. */
final class Programs {

    private Programs() {}

    /** A deep copy of the same class as the program, so {@code compile} can return the caller's type. */
    @SuppressWarnings("unchecked")
    static <M extends Module> M copyOf(M program, String optimizer) {
        Objects.requireNonNull(program, "program");
        Module copy = program.deepCopy();
        if (copy == null || copy == program || copy.getClass() != program.getClass()) {
            throw new IllegalStateException(
                    optimizer + " needs deepCopy() of " + program.getClass().getName()
                            + " to return a new instance of the same class, but it returned "
                            + (copy == null
                                    ? "null"
                                    : copy == program
                                            ? "the program itself"
                                            : "a " + copy.getClass().getName()));
        }
        return (M) copy;
    }

    /** DSPy's {@code reset_copy}: a deep copy whose predictors have no demos (models and settings are kept). */
    static <M extends Module> M resetCopy(M program, String optimizer) {
        M copy = copyOf(program, optimizer);
        for (NamedPredictor named : copy.namedPredictors()) {
            named.predictor().setDemos(List.of());
        }
        return copy;
    }

    /** The program's predictors by identity, to their names. */
    @SuppressWarnings("IdentityHashMapUsage") // callers only look up their own predictor instances
    static Map<Predict, String> names(Module program) {
        Map<Predict, String> names = new IdentityHashMap<>();
        for (NamedPredictor named : program.namedPredictors()) {
            names.put(named.predictor(), named.name());
        }
        return names;
    }

    /** The demos over all the program's predictors. */
    static int demoCount(Module program) {
        int count = 0;
        for (NamedPredictor named : program.namedPredictors()) {
            count += named.predictor().demos().size();
        }
        return count;
    }

    /** Whether any predictor has demos (DSPJ's stand-in for DSPy's {@code _compiled} flag on a given teacher). */
    static boolean hasDemos(Module program) {
        return demoCount(program) > 0;
    }

    /**
     * Checks that a teacher has the student's structure: the same predictor names, in order, with the
     * same fields (DSPy's assertions in {@code _prepare_predictor_mappings}), and no predictor shared.
     */
    static void checkSameStructure(Module student, Module teacher, String optimizer) {
        List<NamedPredictor> s = student.namedPredictors();
        List<NamedPredictor> t = teacher.namedPredictors();
        if (s.size() != t.size()) {
            throw new IllegalArgumentException(optimizer + ": the student and the teacher must have the same number of "
                    + "predictors; the student has " + names(s) + " and the teacher " + names(t));
        }
        for (int i = 0; i < s.size(); i++) {
            NamedPredictor a = s.get(i);
            NamedPredictor b = t.get(i);
            if (!a.name().equals(b.name())) {
                throw new IllegalArgumentException(optimizer + ": the student and the teacher must have the same "
                        + "structure; predictor " + i + " is '" + a.name() + "' in the student and '" + b.name()
                        + "' in the teacher");
            }
            if (!fieldsOf(a.predictor().signature())
                    .equals(fieldsOf(b.predictor().signature()))) {
                throw new IllegalArgumentException(optimizer + ": predictor '" + a.name()
                        + "' has different signatures in the student "
                        + fieldsOf(a.predictor().signature())
                        + " and the teacher " + fieldsOf(b.predictor().signature()));
            }
            if (a.predictor() == b.predictor()) {
                throw new IllegalArgumentException(optimizer + ": predictor '" + a.name()
                        + "' is the same object in the student and the teacher; pass a copy as the teacher");
            }
        }
    }

    private static List<String> names(List<NamedPredictor> predictors) {
        List<String> names = new ArrayList<>();
        predictors.forEach(p -> names.add(p.name()));
        return names;
    }

    private static List<String> fieldsOf(SignatureDescriptor signature) {
        List<String> fields = new ArrayList<>();
        for (FieldDescriptor<?> field : signature.inputFields()) {
            fields.add(field.name());
        }
        fields.add("->");
        for (FieldDescriptor<?> field : signature.outputFields()) {
            fields.add(field.name());
        }
        return fields;
    }

    /** Checks a training set: not null, no null example, every example with its inputs marked. */
    static List<Example> checkTrainset(List<Example> trainset, String optimizer, String what) {
        Objects.requireNonNull(trainset, optimizer + ": the " + what + " is null");
        for (int i = 0; i < trainset.size(); i++) {
            Example example = trainset.get(i);
            if (example == null) {
                throw new IllegalArgumentException(optimizer + ": example " + i + " of the " + what + " is null");
            }
            if (example.inputKeys().isEmpty()) {
                throw new IllegalArgumentException(optimizer + ": example " + i + " of the " + what
                        + " has no input fields marked; call withInputs(...) on it (" + example + ")");
            }
        }
        return List.copyOf(trainset);
    }
}
