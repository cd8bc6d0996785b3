package dev.dspj.bench.baseline;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The baseline's signature annotation, with RUNTIME retention so it can be read by reflection
 * (DSPJ's own annotations have CLASS retention: only the processor reads them).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RtSignature {

    /**
     * The task instructions.
     *
     * @return the instructions
     */
    String instructions();

    /**
     * The record whose components are the input fields, in order.
     *
     * @return the input record class
     */
    Class<? extends Record> inputs();

    /**
     * The record whose components are the output fields, in order.
     *
     * @return the output record class
     */
    Class<? extends Record> outputs();
}
