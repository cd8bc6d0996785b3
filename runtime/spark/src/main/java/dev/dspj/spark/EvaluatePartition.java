package dev.dspj.spark;

import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.primitives.Example;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Evaluates the program on a partition's rows with the local {@link Evaluate} (the same metric, the
 * same handling of failures) and returns one row: the partition's examples, their summed score and
 * how many failed. Summing those over the partitions gives the local run's {@code total}, so the
 * mean is its score.
 */
final class EvaluatePartition implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final ExecutorSpec spec;
    private final List<Binding> bindings;
    private final List<String> columns;
    private final SparkMetric metric;

    EvaluatePartition(ExecutorSpec spec, List<Binding> bindings, List<String> columns, SparkMetric metric) {
        this.spec = spec;
        this.bindings = List.copyOf(bindings);
        this.columns = List.copyOf(columns);
        this.metric = metric;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ExecutorRuntime runtime = ExecutorRuntime.of(spec);
        List<Example> examples = new ArrayList<>();
        while (rows.hasNext()) {
            examples.add(example(runtime, rows.next()));
        }
        if (examples.isEmpty()) {
            return Collections.emptyIterator();
        }
        EvaluationResult result = Evaluate.builder(examples, metric.create())
                .concurrency(spec.inFlight())
                .progress(false)
                .build()
                .run(runtime.program(), runtime.options());
        Row summary = RowFactory.create((long) result.results().size(), result.total(), (long)
                result.failures().size());
        return List.of(summary).iterator();
    }

    private Example example(ExecutorRuntime runtime, Row row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Object value = RowValues.label(row, i);
            if (value != null) {
                values.put(columns.get(i), value);
            }
        }
        Map<String, Object> inputs = ApplyPartition.inputs(runtime, row, bindings);
        values.putAll(inputs);
        return Example.of(values).withInputs(inputs.keySet());
    }
}
