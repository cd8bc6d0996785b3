package dev.dspj.signature;

import dev.dspj.primitives.Completion;
import dev.dspj.primitives.Example;
import java.util.Map;

/**
 * The typed face of a signature, implemented by the generated {@code FooSignature} classes:
 * converts between the generated records and the untyped values adapters and optimizers use.
 *
 * @param <I> the generated input record
 * @param <O> the generated output record
 * @param <E> the generated example record
 */
public interface TypedSignature<I, O, E> {

    /**
     * The untyped descriptor: instructions and fields.
     *
     * @return the descriptor
     */
    SignatureDescriptor descriptor();

    /**
     * The input record's values by field name, in field order.
     *
     * @param input the input record
     * @return field name to value
     */
    Map<String, Object> inputValues(I input);

    /**
     * Builds the output record from parsed values (as adapters return them) and the completion.
     *
     * @param values field name to typed value, for every output field
     * @param completion the model completion the values came from
     * @return the output record
     */
    O output(Map<String, Object> values, Completion completion);

    /**
     * Converts a typed example to an untyped one, with the input fields marked.
     *
     * @param example the typed example
     * @return the untyped example
     */
    Example toExample(E example);

    /**
     * Converts an untyped example to the typed example record.
     *
     * @param example the untyped example
     * @return the typed example
     * @throws IllegalArgumentException when a value has the wrong type for its field
     */
    E fromExample(Example example);
}
