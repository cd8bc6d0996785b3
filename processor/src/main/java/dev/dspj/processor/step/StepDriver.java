package dev.dspj.processor.step;

import dev.dspj.processor.Message;
import dev.dspj.processor.validation.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;

/**
 * Runs the steps round after round, in one place:
 * <ul>
 *   <li>a type whose types are not generated yet is deferred to the next round (by name: element
 *       objects do not survive rounds) and retried before the round's new types;</li>
 *   <li>an unexpected exception becomes one {@code [DSPJ-PROCESSOR-FAILURE]} error on the type,
 *       with the stack trace, and never reaches javac;</li>
 *   <li>types still unresolved after the last round are reported only when no other error was
 *       raised: an earlier error (a misspelt type, a failed processor) usually is the cause, and
 *       javac reports the missing symbol itself.</li>
 * </ul>
 */
public final class StepDriver {

    private final List<ProcessingStep> steps;
    private final Elements elements;
    private final Messager messager;
    /** Per step, deferred types by qualified name, with the unresolved types that held them back. */
    private final Map<ProcessingStep, Map<String, List<String>>> deferred = new LinkedHashMap<>();

    private boolean errorReported;

    /**
     * Creates a driver.
     *
     * @param steps the steps, run in this order each round
     * @param elements the compiler's element utilities
     * @param messager where diagnostics go
     */
    public StepDriver(List<ProcessingStep> steps, Elements elements, Messager messager) {
        this.steps = List.copyOf(steps);
        this.elements = elements;
        this.messager = messager;
        for (ProcessingStep step : steps) {
            deferred.put(step, new LinkedHashMap<>());
        }
    }

    /**
     * Runs every step on one round.
     *
     * @param round the round
     */
    public void process(RoundEnvironment round) {
        for (ProcessingStep step : steps) {
            for (TypeElement type : work(step, round)) {
                try {
                    processOne(step, type);
                } catch (RuntimeException | IOException | Error e) {
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    error(Message.PROCESSOR_FAILURE.format(type, trace), type);
                }
            }
        }
        if (round.processingOver()) {
            reportStillDeferred(round.errorRaised());
        }
    }

    /**
     * Records that an error was reported outside the steps (it holds back unresolved-type reports).
     */
    public void errorReported() {
        errorReported = true;
    }

    /**
     * Whether any error was reported through this driver.
     *
     * @return true after an error
     */
    public boolean hasReportedError() {
        return errorReported;
    }

    private Set<TypeElement> work(ProcessingStep step, RoundEnvironment round) {
        Set<TypeElement> work = new LinkedHashSet<>();
        Map<String, List<String>> waiting = deferredFor(step);
        for (String name : waiting.keySet()) {
            TypeElement type = elements.getTypeElement(name);
            if (type != null) {
                work.add(type);
            }
        }
        waiting.clear();
        TypeElement annotation = elements.getTypeElement(step.annotation());
        if (annotation != null) {
            work.addAll(step.typesToProcess(round.getElementsAnnotatedWith(annotation)));
        }
        return work;
    }

    /** The deferred types of a step; the constructor registers every step. */
    private Map<String, List<String>> deferredFor(ProcessingStep step) {
        return Objects.requireNonNull(deferred.get(step), "a step not given to the constructor");
    }

    private void processOne(ProcessingStep step, TypeElement type) throws IOException {
        List<String> unresolved = step.unresolvedTypes(type);
        if (!unresolved.isEmpty()) {
            // in the last round, reportStillDeferred decides whether to report it
            deferredFor(step).put(type.getQualifiedName().toString(), unresolved);
            return;
        }
        ValidationReport report = new ValidationReport();
        step.process(type, report);
        report.printTo(messager);
        errorReported |= !report.isClean();
    }

    private void reportStillDeferred(boolean errorRaisedByOthers) {
        boolean silent = errorReported || errorRaisedByOthers;
        for (Map.Entry<ProcessingStep, Map<String, List<String>>> step : deferred.entrySet()) {
            for (Map.Entry<String, List<String>> entry : step.getValue().entrySet()) {
                if (!silent) {
                    TypeElement type = elements.getTypeElement(entry.getKey());
                    error(
                            step.getKey()
                                    .unresolvedMessage()
                                    .format(entry.getKey(), String.join(", ", entry.getValue())),
                            type);
                }
            }
            step.getValue().clear();
        }
    }

    private void error(String message, Element element) {
        errorReported = true;
        messager.printMessage(Diagnostic.Kind.ERROR, message, element);
    }
}
