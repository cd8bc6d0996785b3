package dev.dspj.spark;

import dev.dspj.module.AsyncModule;
import dev.dspj.module.Module;
import dev.dspj.primitives.Prediction;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs the program on every row of a partition with {@link ExecutorSpec#inFlight()} calls in flight:
 * each output row is the input row's columns, then the output fields, then the error (null when the
 * call succeeded; the outputs null when it failed).
 */
final class ApplyPartition implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final ExecutorSpec spec;
    private final List<Binding> bindings;
    private final int inputColumns;

    ApplyPartition(ExecutorSpec spec, List<Binding> bindings, int inputColumns) {
        this.spec = spec;
        this.bindings = List.copyOf(bindings);
        this.inputColumns = inputColumns;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ExecutorRuntime runtime = ExecutorRuntime.of(spec);
        return new InFlightIterator<>(rows, spec.inFlight(), row -> run(runtime, row));
    }

    private CompletableFuture<Row> run(ExecutorRuntime runtime, Row row) {
        CompletableFuture<Prediction> call;
        try {
            Map<String, Object> inputs = inputs(runtime, row, bindings);
            Module program = runtime.program();
            if (program instanceof AsyncModule async) {
                call = async.forwardAsync(inputs, runtime.options());
            } else {
                call = CompletableFuture.supplyAsync(() -> program.invoke(inputs, runtime.options()), runtime.pool());
            }
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((prediction, error) -> {
            try {
                return error == null ? success(runtime, row, prediction) : failure(runtime, row, error);
            } catch (RuntimeException e) {
                return failure(runtime, row, e);
            }
        });
    }

    /**
     * The input values of a row.
     *
     * @param runtime the executor's runtime (the program's fields)
     * @param row the row
     * @param bindings the input fields and their columns
     * @return field name to value (null cells left out)
     */
    static Map<String, Object> inputs(ExecutorRuntime runtime, Row row, List<Binding> bindings) {
        Map<String, Object> inputs = new HashMap<>();
        for (Binding binding : bindings) {
            String name = binding.field().name();
            Object value = RowValues.input(row, binding, runtime.field(name));
            if (value != null) {
                inputs.put(name, value);
            }
        }
        return inputs;
    }

    private Row success(ExecutorRuntime runtime, Row row, Prediction prediction) {
        List<FieldPlan> outputs = spec.outputs();
        @Nullable Object[] values = copyInputs(row, outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            FieldPlan plan = outputs.get(i);
            values[inputColumns + i] =
                    RowValues.output(prediction.values().get(plan.name()), plan, runtime.field(plan.name()));
        }
        return RowFactory.create(values);
    }

    private Row failure(ExecutorRuntime runtime, Row row, Throwable error) {
        @Nullable Object[] values = copyInputs(row, spec.outputs().size());
        values[values.length - 1] = runtime.redact(describe(error));
        return RowFactory.create(values);
    }

    private @Nullable Object[] copyInputs(Row row, int outputs) {
        @Nullable Object[] values = new Object[inputColumns + outputs + 1];
        for (int i = 0; i < inputColumns; i++) {
            values[i] = row.get(i);
        }
        return values;
    }

    /**
     * An error's text for the error column: the innermost useful exception's class and message.
     *
     * @param error the failure
     * @return the text
     */
    static String describe(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        String message = current.getMessage();
        return current.getClass().getName() + (message == null ? "" : ": " + message);
    }
}
