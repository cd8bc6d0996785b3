package dev.dspj.internal;

import dev.dspj.primitives.Completion;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.signature.TypedSignature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Not API: the base of the generated {@code FooSignature} classes. It builds the descriptor and
 * does the conversions between the generated records and untyped values once; a generated
 * subclass only lists its records' values in field order and calls the records' constructors.
 *
 * @param <I> the generated input record
 * @param <O> the generated output record
 * @param <E> the generated example record
 */
public abstract class GeneratedSignature<I, O, E> implements TypedSignature<I, O, E> {

    private final SignatureDescriptor descriptor;
    /** Every field in declaration order, the order of the example record's components. */
    private final List<FieldDescriptor<?>> fields;

    private final String[] inputNames;

    /**
     * Creates the signature and its descriptor.
     *
     * @param name the signature's name
     * @param instructions its instructions, or empty for DSPy's default
     * @param fields its fields in declaration order (inherited ones first)
     */
    protected GeneratedSignature(String name, String instructions, FieldDescriptor<?>... fields) {
        SignatureDescriptor.Builder builder = SignatureDescriptor.builder(name).instructions(instructions);
        for (FieldDescriptor<?> field : fields) {
            builder.field(Objects.requireNonNull(field, "field"));
        }
        this.descriptor = builder.build();
        this.fields = List.of(fields);
        this.inputNames =
                descriptor.inputFields().stream().map(FieldDescriptor::name).toArray(String[]::new);
    }

    /**
     * The values of an input record, in the order of the input fields.
     *
     * @param input the input record
     * @return the values
     */
    protected abstract Object[] inputs(I input);

    /**
     * The values of an example record, in declaration order (the order given to the constructor).
     *
     * @param example the example record
     * @return the values
     */
    protected abstract Object[] values(E example);

    /**
     * Builds the output record.
     *
     * @param values the output values
     * @param completion the completion they were parsed from
     * @return the output record
     */
    protected abstract O output(FieldValues values, Completion completion);

    /**
     * Builds the example record.
     *
     * @param values the values of any fields
     * @return the example record
     */
    protected abstract E example(FieldValues values);

    @Override
    public final SignatureDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public final Map<String, Object> inputValues(I input) {
        return byName(descriptor.inputFields(), inputs(input));
    }

    @Override
    public final O output(Map<String, Object> values, Completion completion) {
        return output(new FieldValues(values), completion);
    }

    @Override
    public final Example toExample(E example) {
        return Example.of(byName(fields, values(example))).withInputs(inputNames);
    }

    @Override
    public final E fromExample(Example example) {
        return example(new FieldValues(example.values()));
    }

    private static Map<String, Object> byName(List<FieldDescriptor<?>> fields, Object[] values) {
        if (values.length != fields.size()) {
            throw new IllegalStateException("expected " + fields.size() + " values, got " + values.length);
        }
        Map<String, Object> byName = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            byName.put(fields.get(i).name(), values[i]);
        }
        return byName;
    }
}
