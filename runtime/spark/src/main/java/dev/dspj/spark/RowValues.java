package dev.dspj.spark;

import dev.dspj.signature.FieldDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.jspecify.annotations.Nullable;

/** Converts between Spark's row values and a signature's field values. */
final class RowValues {

    private RowValues() {}

    /**
     * The value of an input field from its column.
     *
     * @param row the row
     * @param binding the field and its column
     * @param field the program's field of that name, when its signature is known (reads JSON text)
     * @return the field's value, or null when the cell is null
     */
    static @Nullable Object input(Row row, Binding binding, Optional<FieldDescriptor<?>> field) {
        int column = binding.column();
        if (row.isNullAt(column)) {
            return null;
        }
        FieldPlan plan = binding.field();
        if (binding.arrayColumn()) {
            List<Object> list = row.getList(column);
            List<@Nullable Object> out = new ArrayList<>(list.size());
            ColumnKind element = plan.element() == null ? ColumnKind.JSON : plan.element();
            for (Object item : list) {
                out.add(item == null ? null : scalar(item, element));
            }
            return out;
        }
        Object value = row.get(column);
        if (plan.kind() == ColumnKind.LIST || plan.kind() == ColumnKind.JSON) {
            String text = String.valueOf(value);
            return field.isPresent() ? field.get().coerce(text) : text;
        }
        return scalar(value, plan.kind());
    }

    /**
     * A scalar as the field's Java type.
     *
     * @param value a Spark value
     * @param kind the field's kind
     * @return the value
     */
    static Object scalar(Object value, ColumnKind kind) {
        switch (kind) {
            case INT:
                return Math.toIntExact(((Number) value).longValue());
            case LONG:
                return ((Number) value).longValue();
            case DOUBLE:
                return value instanceof java.math.BigDecimal decimal
                        ? decimal.doubleValue()
                        : ((Number) value).doubleValue();
            case FLOAT:
                return ((Number) value).floatValue();
            case BOOLEAN:
                return (Boolean) value;
            case STRING:
            case JSON:
            case LIST:
            default:
                return value instanceof String ? value : String.valueOf(value);
        }
    }

    /**
     * The column value of an output field.
     *
     * @param value the prediction's value
     * @param plan the field
     * @param field the program's field of that name, when its signature is known (writes JSON)
     * @return the Spark value, or null
     */
    static @Nullable Object output(@Nullable Object value, FieldPlan plan, Optional<FieldDescriptor<?>> field) {
        if (value == null) {
            return null;
        }
        switch (plan.kind()) {
            case LIST: {
                Collection<?> items = value instanceof Collection<?> collection ? collection : List.of(value);
                ColumnKind element = java.util.Objects.requireNonNull(plan.element());
                List<@Nullable Object> out = new ArrayList<>(items.size());
                for (Object item : items) {
                    out.add(item == null ? null : scalar(item, element));
                }
                return out;
            }
            case JSON:
                return field.isPresent() ? json(field.get(), value) : Json.write(value);
            case STRING:
                return value instanceof String ? value : String.valueOf(value);
            default:
                return scalar(value, plan.kind());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> String json(FieldDescriptor<T> field, Object value) {
        try {
            // a value the codec writes as a JSON string (an enum, a date) is its text, as the model wrote it
            com.fasterxml.jackson.databind.JsonNode node = field.codec().toJson((T) value);
            return node.isTextual() ? node.asText() : node.toString();
        } catch (ClassCastException | IllegalArgumentException wrongType) {
            return Json.write(value);
        }
    }

    /**
     * A column value as plain Java, for an example's label: arrays as lists, the rest as it is.
     *
     * @param row the row
     * @param column the column
     * @return the value
     */
    static @Nullable Object label(Row row, int column) {
        if (row.isNullAt(column)) {
            return null;
        }
        Object value = row.get(column);
        if (value instanceof scala.collection.Seq<?>) {
            return new ArrayList<>(row.getList(column));
        }
        return value;
    }

    /** Jackson for values without a codec. */
    private static final class Json {
        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
                new com.fasterxml.jackson.databind.ObjectMapper();

        static String write(Object value) {
            try {
                return MAPPER.writeValueAsString(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return String.valueOf(value);
            }
        }
    }
}
