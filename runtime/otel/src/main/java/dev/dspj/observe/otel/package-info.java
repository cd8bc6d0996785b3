/**
 * OpenTelemetry for DSPJ: {@link dev.dspj.observe.otel.DspjTelemetry} is a {@link
 * dev.dspj.observe.Callback} that turns every module, adapter, model, tool, evaluation and compile
 * call into a span, nested as the calls are, with the GenAI semantic conventions on model and tool
 * calls, and records the GenAI client metrics (token usage, operation duration) plus DSPJ's cache
 * hits, retries and failures through the OpenTelemetry Metrics API.
 */
@NullMarked
package dev.dspj.observe.otel;

import org.jspecify.annotations.NullMarked;
