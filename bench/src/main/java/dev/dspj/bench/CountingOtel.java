package dev.dspj.bench;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/** The OpenTelemetry SDK the tracing benchmarks measure: real processors, exporters that count and drop. */
final class CountingOtel {

    private CountingOtel() {}

    /**
     * An SDK with a batch span processor and a periodic metric reader (every second) whose exporters
     * count what they get and drop it.
     *
     * @param withTraces whether it has a tracer provider
     * @param withMetrics whether it has a meter provider
     * @param sampler the tracer provider's sampler ({@code parentbased_always_on} is the SDK's default)
     * @param exemplars the meter provider's exemplar filter ({@code trace_based} is the SDK's default)
     * @param exportedSpans where the span exporter counts the spans it gets
     * @param metricExports where the metric exporter counts its exports
     * @return the SDK
     */
    static OpenTelemetrySdk sdk(
            boolean withTraces,
            boolean withMetrics,
            Sampler sampler,
            ExemplarFilter exemplars,
            AtomicLong exportedSpans,
            AtomicLong metricExports) {
        var builder = OpenTelemetrySdk.builder();
        if (withTraces) {
            SpanExporter spans = new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> batch) {
                    exportedSpans.addAndGet(batch.size());
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            };
            builder.setTracerProvider(SdkTracerProvider.builder()
                    .setSampler(sampler)
                    .addSpanProcessor(BatchSpanProcessor.builder(spans).build())
                    .build());
        }
        if (withMetrics) {
            MetricExporter metrics = new MetricExporter() {
                @Override
                public CompletableResultCode export(Collection<MetricData> batch) {
                    metricExports.incrementAndGet();
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public AggregationTemporality getAggregationTemporality(InstrumentType type) {
                    return AggregationTemporality.CUMULATIVE;
                }
            };
            builder.setMeterProvider(SdkMeterProvider.builder()
                    .setExemplarFilter(exemplars)
                    .registerMetricReader(PeriodicMetricReader.builder(metrics)
                            .setInterval(Duration.ofSeconds(1))
                            .build())
                    .build());
        }
        return builder.build();
    }
}
