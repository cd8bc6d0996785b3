package dev.dspj.spark;

import java.io.Serializable;

/**
 * An input field bound to its column of the input DataFrame.
 *
 * @param field the field
 * @param column the column's index in the input rows
 * @param arrayColumn whether the column is an array (else a list field reads JSON text)
 */
record Binding(FieldPlan field, int column, boolean arrayColumn) implements Serializable {
    private static final long serialVersionUID = 1L;
}
