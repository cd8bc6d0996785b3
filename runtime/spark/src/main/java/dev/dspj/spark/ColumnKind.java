package dev.dspj.spark;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** How a signature field's values are held in a DataFrame column, chosen from the field's codec. */
enum ColumnKind {
    /** {@code str}: a string column. */
    STRING,
    /** {@code int} as {@code Integer}: an integer column. */
    INT,
    /** {@code int} as {@code Long}: a long column. */
    LONG,
    /** {@code float} as {@code Double}: a double column. */
    DOUBLE,
    /** {@code float} as {@code Float}: a float column. */
    FLOAT,
    /** {@code bool}: a boolean column. */
    BOOLEAN,
    /** {@code list[...]} of one of the kinds above: an array column. */
    LIST,
    /** Anything else (records, enums, maps, sets, optionals): its JSON text in a string column. */
    JSON;

    /**
     * The Spark type of a column of this kind (not {@link #LIST}, whose element decides).
     *
     * @return the type
     */
    DataType sparkType() {
        switch (this) {
            case STRING:
            case JSON:
                return DataTypes.StringType;
            case INT:
                return DataTypes.IntegerType;
            case LONG:
                return DataTypes.LongType;
            case DOUBLE:
                return DataTypes.DoubleType;
            case FLOAT:
                return DataTypes.FloatType;
            case BOOLEAN:
                return DataTypes.BooleanType;
            case LIST:
            default:
                throw new IllegalStateException("a list column's type depends on its element");
        }
    }
}
