package dev.dspj.optimize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.Dspj;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.evaluate.Metric;
import dev.dspj.execution.CallBudgetExceededException;
import dev.dspj.execution.Meter;
import dev.dspj.execution.RunRecord;
import dev.dspj.lm.LanguageModel;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.primitives.Example;
import dev.dspj.variable.Configuration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the instruction optimizers (COPRO, MIPROv2, SIMBA; random search too, for its evaluator)
 * share: which model proposes, how a candidate is scored inside a run (metered, and never recorded
 * as a score when the budget cut it short), the budgets in a run's first event, and how run-record
 * steps are named.
 */
final class InstructionRuns {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(InstructionRuns.class);

    private InstructionRuns() {}

    /**
     * The proposer's model: the one configured, else the student's first predictor's model, else
     * the process-wide default (DSPy's {@code prompt_model or dspy.settings.lm}).
     */
    static LanguageModel promptModel(@Nullable LanguageModel configured, Module student, String optimizer) {
        if (configured != null) {
            return configured;
        }
        return firstModel(student)
                .or(Dspj::defaultModel)
                .orElseThrow(() -> new IllegalStateException(optimizer + ": no model to propose "
                        + "instructions with: set promptModel(...) on the builder, a model on the student's predictors, or "
                        + "Dspj.configure(model)"));
    }

    /** The model set on the program's first predictor that has one. */
    static Optional<LanguageModel> firstModel(Module program) {
        for (NamedPredictor named : program.namedPredictors()) {
            Optional<LanguageModel> own = named.predictor().model();
            if (own.isPresent()) {
                return own;
            }
        }
        return Optional.empty();
    }

    /** Sets the task model on every predictor of a copy the optimizer owns. */
    static void applyTaskModel(Module program, @Nullable LanguageModel taskModel) {
        if (taskModel == null) {
            return;
        }
        for (NamedPredictor named : program.namedPredictors()) {
            named.predictor().setModel(taskModel);
        }
    }

    /** An evaluator over some examples, without a progress bar. */
    static Evaluate evaluator(List<Example> examples, Metric metric, @Nullable Integer numThreads, int maxErrors) {
        Evaluate.Builder builder =
                Evaluate.builder(examples, metric).progress(false).maxErrors(maxErrors);
        if (numThreads != null) {
            builder.concurrency(numThreads);
        }
        return builder.build();
    }

    /**
     * Scores a program with the run's meter on its predictors. When the budget ran out during the
     * scoring, the partial score is thrown away: {@link CallBudgetExceededException} is thrown so
     * that neither the caller nor the run record keeps it.
     */
    static double score(Run run, Module program, Evaluate evaluate, String what) {
        Meter.Installed metered = run.meter().install(program);
        EvaluationResult result;
        try {
            result = evaluate.run(program);
        } catch (RuntimeException failure) {
            if (run.meter().exhausted()) {
                throw budgetReached(run, what);
            }
            throw failure;
        } finally {
            metered.restore();
        }
        if (run.meter().exhausted()) {
            throw budgetReached(run, what);
        }
        return result.score();
    }

    /** The exception that stops a run when its budget refused a call. */
    static CallBudgetExceededException budgetReached(Run run, String what) {
        return run.meter().budget() > 0 || run.meter().costBudgetUsd() <= 0
                ? new CallBudgetExceededException(run.meter().budget(), what)
                : new CallBudgetExceededException(run.meter().costBudgetUsd(), what);
    }

    /** The budgets for the run's first event: {@code ", budget N calls"} and {@code ", budget $D"} when set. */
    static String budgetText(long callBudget, double costBudgetUsd) {
        String text = "";
        if (callBudget > 0) {
            text += ", budget " + callBudget + " calls";
        }
        if (costBudgetUsd > 0) {
            text += String.format(Locale.ROOT, ", budget $%.4f", costBudgetUsd);
        }
        return text;
    }

    /**
     * Writes the run's options into its record; when the record holds another run's options (a
     * resumed record configured differently), says so in the log, since its steps may not line up.
     */
    static void recordOptions(RunRecord record, Run run) {
        String recorded = record.recordOptions(run.options());
        try {
            if (!JSON.readTree(recorded).equals(JSON.readTree(run.options()))) {
                LOG.warn(
                        "{}: the run record {} was made with other options ({}) than this run's ({}); its steps may "
                                + "not be replayed",
                        run.optimizer(),
                        record.name(),
                        recorded,
                        run.options());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(run.optimizer() + ": options not JSON", e);
        }
    }

    /** A step name: {@code kind} plus alternating keys and values. */
    static Configuration step(String kind, Object... keysAndValues) {
        Configuration.Builder builder = Configuration.builder().put("kind", kind);
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            builder.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return builder.build();
    }

    /** DSPy's {@code strip('"').strip()} of a proposed text. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String s = text;
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '"') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '"') {
            end--;
        }
        return s.substring(start, end).strip();
    }

    /** A text shortened for a log line. */
    static String abbreviate(String text, int max) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
    }
}
