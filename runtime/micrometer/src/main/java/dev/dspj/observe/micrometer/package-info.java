/**
 * DSPJ's calls as Micrometer observations ({@link dev.dspj.observe.micrometer.ObservationCallback})
 * and its models' tokens as a Micrometer counter ({@link
 * dev.dspj.observe.micrometer.TokenUsageCallback}): register them with {@link
 * dev.dspj.observe.Callbacks#register} and the application's tracing bridge (OpenTelemetry, Brave)
 * and meter registry see DSPJ.
 */
@NullMarked
package dev.dspj.observe.micrometer;

import org.jspecify.annotations.NullMarked;
