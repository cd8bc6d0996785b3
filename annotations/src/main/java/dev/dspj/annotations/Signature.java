package dev.dspj.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a signature: what one language-model call takes and returns.
 *
 * <p>Put it on an interface whose abstract, no-argument methods are the fields, each annotated
 * with {@link InputField} or {@link OutputField}. Fields keep their declaration order, which is
 * the order the prompt lists them in.
 *
 * <pre>{@code
 * @Signature("Classify the sentiment of a product review.")
 * public interface ReviewSentiment {
 *     @InputField(desc = "the review text") String review();
 *     @OutputField(desc = "the overall sentiment") Sentiment sentiment();
 *     enum Sentiment { POSITIVE, NEGATIVE, NEUTRAL }
 * }
 * }</pre>
 *
 * <p>The DSPJ annotation processor validates the interface and generates, in the same package,
 * {@code ReviewSentimentSignature} (the descriptor and parsers), {@code ReviewSentimentInput},
 * {@code ReviewSentimentOutput}, {@code ReviewSentimentExample} and
 * {@code ReviewSentimentPredictor} (the typed program).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Signature {

    /**
     * The task instructions shown to the model. When empty, the interface's javadoc is used;
     * when that is empty too, DSPy's default ("Given the fields `a`, produce the fields `b`.")
     * is used and the processor warns.
     *
     * @return the instructions, possibly several lines
     */
    String value() default "";
}
