package dev.dspj.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as a DSPJ program: a composition of predictors (and other programs) that
 * optimizers tune as one unit.
 *
 * <p>The class must extend {@code dev.dspj.module.ProgramModule} of itself, have a constructor
 * without parameters, and hold its predictors (generated predictors, {@code Predict},
 * {@code ChainOfThought}, other programs, or {@code List}s and {@code Map<String, ...>}s of them)
 * in fields that are neither private nor final. The processor generates a {@code <Name>Program}
 * descriptor next to it (the class's constructor passes {@code <Name>Program.INSTANCE} to
 * {@code super}) listing those fields, naming the program's predictors with DSPy's paths and
 * deep-copying it with plain field reads and writes, so optimizers and saved state walk the
 * program without reflection (a copy keeps the {@link Variable} fields' values too). The program's
 * {@link Variable} fields are described by the generated {@code <Name>Variables}, which the
 * descriptor's {@code variables()} returns.
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
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Program {

    /**
     * A short description of what the program does, used in reports and by instruction
     * proposers.
     *
     * @return the description; empty for none
     */
    String value() default "";
}
