package dev.dspj.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.codec.Codecs;
import dev.dspj.signature.FieldDescriptor;
import java.io.Serializable;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.jspecify.annotations.Nullable;

/**
 * A signature field as it is shipped to the executors: its name, its type as DSPy names it, and the
 * kind of column that holds its values.
 *
 * @param name the field's name, which is also its column's
 * @param typeName the field's type as DSPy names it ({@code str}, {@code list[int]}), for messages
 * @param kind the kind of column
 * @param element the kind of a list's elements, or null when the field is not a list
 */
record FieldPlan(
        String name,
        String typeName,
        ColumnKind kind,
        @Nullable ColumnKind element) implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The plan of a field, from its codec: the scalar codecs by identity, lists of scalars by their
     * JSON schema, everything else as JSON text.
     *
     * @param field the field
     * @return its plan
     */
    static FieldPlan of(FieldDescriptor<?> field) {
        String type = field.typeName();
        ColumnKind scalar = scalarKind(field.codec());
        if (scalar != null) {
            return new FieldPlan(field.name(), type, scalar, null);
        }
        if (type.startsWith("list[")) {
            ColumnKind element = elementKind(field.jsonSchema(), type);
            if (element != null) {
                return new FieldPlan(field.name(), type, ColumnKind.LIST, element);
            }
        }
        return new FieldPlan(field.name(), type, ColumnKind.JSON, null);
    }

    private static @Nullable ColumnKind scalarKind(Object codec) {
        if (codec == Codecs.STRING) {
            return ColumnKind.STRING;
        } else if (codec == Codecs.INT) {
            return ColumnKind.INT;
        } else if (codec == Codecs.LONG) {
            return ColumnKind.LONG;
        } else if (codec == Codecs.DOUBLE) {
            return ColumnKind.DOUBLE;
        } else if (codec == Codecs.FLOAT) {
            return ColumnKind.FLOAT;
        } else if (codec == Codecs.BOOLEAN) {
            return ColumnKind.BOOLEAN;
        }
        return null;
    }

    private static @Nullable ColumnKind elementKind(String schema, String typeName) {
        JsonNode items;
        try {
            items = JSON.readTree(schema).path("items");
        } catch (java.io.IOException e) {
            return null;
        }
        if (items.size() != 1 || !items.has("type")) {
            return null; // constraints beyond a bare type (enums, formats): keep them as JSON
        }
        switch (items.path("type").asText()) {
            case "string":
                return ColumnKind.STRING;
            case "integer":
                return typeName.equals("list[int]") ? ColumnKind.LONG : null;
            case "number":
                return typeName.equals("list[float]") ? ColumnKind.DOUBLE : null;
            case "boolean":
                return ColumnKind.BOOLEAN;
            default:
                return null;
        }
    }

    /**
     * The Spark type of this field's column.
     *
     * @return the type
     */
    DataType sparkType() {
        if (kind == ColumnKind.LIST) {
            return DataTypes.createArrayType(
                    java.util.Objects.requireNonNull(element).sparkType(), true);
        }
        return kind.sparkType();
    }

    /**
     * Whether a column of this type can feed this field.
     *
     * @param type the column's type
     * @return true when its values convert
     */
    boolean accepts(DataType type) {
        if (kind == ColumnKind.LIST) {
            if (type instanceof org.apache.spark.sql.types.ArrayType array) {
                return new FieldPlan(name, typeName, java.util.Objects.requireNonNull(element), null)
                        .accepts(array.elementType());
            }
            return type.equals(DataTypes.StringType);
        }
        switch (kind) {
            case STRING:
            case JSON:
                return type.equals(DataTypes.StringType);
            case INT:
            case LONG:
                return type.equals(DataTypes.ByteType)
                        || type.equals(DataTypes.ShortType)
                        || type.equals(DataTypes.IntegerType)
                        || type.equals(DataTypes.LongType);
            case DOUBLE:
            case FLOAT:
                return type instanceof org.apache.spark.sql.types.NumericType;
            case BOOLEAN:
                return type.equals(DataTypes.BooleanType);
            default:
                return false;
        }
    }

    /**
     * What this field's column must be, for messages.
     *
     * @return for example "a string column" or "an array of strings (or a string of JSON)"
     */
    String expected() {
        switch (kind) {
            case STRING:
                return "a string column";
            case JSON:
                return "a string column holding its JSON";
            case INT:
            case LONG:
                return "an integral column (tinyint, smallint, int, bigint)";
            case DOUBLE:
            case FLOAT:
                return "a numeric column";
            case BOOLEAN:
                return "a boolean column";
            case LIST:
            default:
                return "an array column of "
                        + java.util.Objects.requireNonNull(element).name().toLowerCase(java.util.Locale.ROOT)
                        + " elements, or a string column holding its JSON";
        }
    }
}
