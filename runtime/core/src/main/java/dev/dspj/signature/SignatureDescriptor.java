package dev.dspj.signature;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one model call takes and returns: a name, the task instructions and the ordered input and
 * output fields. Immutable; optimizers derive changed copies ({@link #withInstructions(String)}).
 *
 * <p>Generated {@code FooSignature} classes hold one as {@code DESCRIPTOR}; signatures can also be
 * built at run time with {@link #builder(String)}.
 */
public final class SignatureDescriptor {

    private final String name;
    private final String instructions;
    private final List<FieldDescriptor<?>> inputs;
    private final List<FieldDescriptor<?>> outputs;

    private SignatureDescriptor(
            String name, String instructions, List<FieldDescriptor<?>> inputs, List<FieldDescriptor<?>> outputs) {
        this.name = Objects.requireNonNull(name, "name");
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        if (this.outputs.isEmpty()) {
            throw new IllegalArgumentException("signature " + name + " has no output field");
        }
        Set<String> seen = new HashSet<>();
        for (FieldDescriptor<?> field : fields()) {
            if (!seen.add(field.name())) {
                throw new IllegalArgumentException(
                        "signature " + name + " has two fields named \"" + field.name() + "\"");
            }
        }
        for (FieldDescriptor<?> field : this.inputs) {
            if (!field.isInput()) {
                throw new IllegalArgumentException(
                        "field " + field.name() + " of " + name + " is listed as an input but is an output");
            }
        }
        for (FieldDescriptor<?> field : this.outputs) {
            if (field.isInput()) {
                throw new IllegalArgumentException(
                        "field " + field.name() + " of " + name + " is listed as an output but is an input");
            }
        }
        this.instructions = instructions == null || instructions.isBlank()
                ? defaultInstructions(this.inputs, this.outputs)
                : instructions;
    }

    /**
     * Starts building a signature.
     *
     * @param name the signature's name, used in messages and saved state
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * DSPy's default instructions: {@code Given the fields `a`, `b`, produce the fields `c`.}
     *
     * @param inputs the input fields
     * @param outputs the output fields
     * @return the instructions
     */
    public static String defaultInstructions(List<FieldDescriptor<?>> inputs, List<FieldDescriptor<?>> outputs) {
        return "Given the fields " + backquoted(inputs) + ", produce the fields " + backquoted(outputs) + ".";
    }

    private static String backquoted(List<FieldDescriptor<?>> fields) {
        return fields.stream().map(f -> "`" + f.name() + "`").collect(Collectors.joining(", "));
    }

    /**
     * The signature's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The task instructions.
     *
     * @return the instructions, never blank
     */
    public String instructions() {
        return instructions;
    }

    /**
     * The input fields in order.
     *
     * @return the inputs
     */
    public List<FieldDescriptor<?>> inputFields() {
        return inputs;
    }

    /**
     * The output fields in order.
     *
     * @return the outputs
     */
    public List<FieldDescriptor<?>> outputFields() {
        return outputs;
    }

    /**
     * All fields, inputs first, as DSPy orders them in saved state.
     *
     * @return the fields
     */
    public List<FieldDescriptor<?>> fields() {
        List<FieldDescriptor<?>> all = new ArrayList<>(inputs.size() + outputs.size());
        all.addAll(inputs);
        all.addAll(outputs);
        return Collections.unmodifiableList(all);
    }

    /**
     * Finds a field by name.
     *
     * @param fieldName the wire name
     * @return the field, if the signature has it
     */
    public Optional<FieldDescriptor<?>> field(String fieldName) {
        for (FieldDescriptor<?> field : inputs) {
            if (field.name().equals(fieldName)) {
                return Optional.of(field);
            }
        }
        for (FieldDescriptor<?> field : outputs) {
            if (field.name().equals(fieldName)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns a copy with other instructions.
     *
     * @param newInstructions the instructions; blank for DSPy's default
     * @return the copy
     */
    public SignatureDescriptor withInstructions(String newInstructions) {
        return new SignatureDescriptor(name, newInstructions, inputs, outputs);
    }

    /**
     * Returns a copy with an output field added before the others (how chain of thought adds
     * {@code reasoning}).
     *
     * @param field the output field
     * @return the copy
     */
    public SignatureDescriptor prependOutput(FieldDescriptor<?> field) {
        List<FieldDescriptor<?>> newOutputs = new ArrayList<>(outputs.size() + 1);
        newOutputs.add(field);
        newOutputs.addAll(outputs);
        return new SignatureDescriptor(name, instructions, inputs, newOutputs);
    }

    /**
     * Returns a copy without one output field (how a chain of thought turns back into a plain
     * predictor: without {@code reasoning}).
     *
     * @param fieldName the output field's name
     * @return the copy, or this signature when it has no output of that name
     * @throws IllegalArgumentException when it is the only output field
     */
    public SignatureDescriptor withoutOutput(String fieldName) {
        List<FieldDescriptor<?>> newOutputs = new ArrayList<>(outputs);
        if (!newOutputs.removeIf(field -> field.name().equals(fieldName))) {
            return this;
        }
        return new SignatureDescriptor(name, instructions, inputs, newOutputs);
    }

    /**
     * Returns a copy with one field replaced by another of the same name (for example with a new
     * description or prefix).
     *
     * @param field the replacement
     * @return the copy
     * @throws IllegalArgumentException when the signature has no field of that name and role
     */
    public SignatureDescriptor withField(FieldDescriptor<?> field) {
        List<FieldDescriptor<?>> target = new ArrayList<>(field.isInput() ? inputs : outputs);
        boolean replaced = false;
        for (int i = 0; i < target.size(); i++) {
            if (target.get(i).name().equals(field.name())) {
                target.set(i, field);
                replaced = true;
            }
        }
        if (!replaced) {
            throw new IllegalArgumentException("signature " + name + " has no "
                    + field.role().name().toLowerCase(java.util.Locale.ROOT) + " field named \"" + field.name() + "\"");
        }
        return field.isInput()
                ? new SignatureDescriptor(name, instructions, target, outputs)
                : new SignatureDescriptor(name, instructions, inputs, target);
    }

    @Override
    public String toString() {
        return name + "(" + inputs.stream().map(FieldDescriptor::name).collect(Collectors.joining(", ")) + " -> "
                + outputs.stream().map(FieldDescriptor::name).collect(Collectors.joining(", ")) + ")";
    }

    /** Builds a {@link SignatureDescriptor}. */
    public static final class Builder {
        private final String name;
        private String instructions = "";
        private final List<FieldDescriptor<?>> inputs = new ArrayList<>();
        private final List<FieldDescriptor<?>> outputs = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Sets the instructions.
         *
         * @param text the instructions; blank for DSPy's default
         * @return this builder
         */
        public Builder instructions(String text) {
            this.instructions = text;
            return this;
        }

        /**
         * Adds a field, as an input or output by its role.
         *
         * @param field the field
         * @return this builder
         */
        public Builder field(FieldDescriptor<?> field) {
            (field.isInput() ? inputs : outputs).add(field);
            return this;
        }

        /**
         * Builds the descriptor.
         *
         * @return the signature
         * @throws IllegalArgumentException when there is no output or two fields share a name
         */
        public SignatureDescriptor build() {
            return new SignatureDescriptor(name, instructions, inputs, outputs);
        }
    }
}
