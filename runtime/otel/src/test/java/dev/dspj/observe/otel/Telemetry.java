package dev.dspj.observe.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** An OpenTelemetry SDK whose spans and metrics stay in memory, for the tests to read. */
final class Telemetry implements AutoCloseable {

    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(
                    SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();

    /** The finished spans, by start time. */
    List<SpanData> finished() {
        return spans.getFinishedSpanItems().stream()
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
                .toList();
    }

    /** The finished spans of that name, by start time. */
    List<SpanData> named(String name) {
        return finished().stream().filter(s -> s.getName().equals(name)).toList();
    }

    /** The children of a span, by start time. */
    List<SpanData> children(SpanData parent) {
        return finished().stream()
                .filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
                .toList();
    }

    /** The one metric of that name, if recorded. */
    Optional<MetricData> metric(String name) {
        return metrics.collectAllMetrics().stream()
                .filter(m -> m.getName().equals(name))
                .findFirst();
    }

    /** The sum of a counter over all its attributes (0 when never recorded). */
    long counter(String name) {
        return metric(name)
                .map(m -> m.getLongSumData().getPoints().stream()
                        .mapToLong(LongPointData::getValue)
                        .sum())
                .orElse(0L);
    }

    /** The histogram's points whose attribute has that value. */
    List<HistogramPointData> histogram(String name, AttributeKey<String> key, String value) {
        MetricData metric = metric(name).orElseThrow(() -> new AssertionError("no metric " + name));
        List<HistogramPointData> points = metric.getType() == io.opentelemetry.sdk.metrics.data.MetricDataType.HISTOGRAM
                ? List.copyOf(metric.getHistogramData().getPoints())
                : List.of();
        return points.stream()
                .filter(p -> value.equals(p.getAttributes().get(key)))
                .toList();
    }

    @Override
    public void close() {
        sdk.close();
    }
}
