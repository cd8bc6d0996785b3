/**
 * Micronaut integration for DSPJ: {@link dev.dspj.micronaut.DspjFactory} builds the model, its
 * response cache and the configured programs from {@link dev.dspj.micronaut.DspjConfiguration}
 * ({@code dspj.*}) and {@link dev.dspj.micronaut.ProgramConfiguration} ({@code dspj.programs.*}),
 * {@link dev.dspj.micronaut.CallbackRegistrar} registers the application's callback beans, and
 * {@link dev.dspj.micronaut.ModelHealthIndicator} checks the model's endpoint.
 */
@NullMarked
package dev.dspj.micronaut;

import org.jspecify.annotations.NullMarked;
