package dev.dspj.processor.model;

import javax.lang.model.element.ExecutableElement;

/**
 * One field of a signature, validated.
 *
 * @param method the accessor method the field was declared by
 * @param methodName the method's name, used for record components and parameters
 * @param wireName the field's name in prompts
 * @param input true for an input field
 * @param description the description, possibly empty
 * @param type the resolved type
 * @param javaTypeText the declared type as source text, for documentation
 */
public record FieldModel(
        ExecutableElement method,
        String methodName,
        String wireName,
        boolean input,
        String description,
        TypeModel type,
        String javaTypeText) {}
