package dev.dspj.bench.baseline;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The baseline's field annotation on a record component, read at run time by reflection. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface RtField {

    /**
     * What the field holds.
     *
     * @return the description; empty for none
     */
    String desc() default "";
}
