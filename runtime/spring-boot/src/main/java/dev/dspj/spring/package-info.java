/**
 * Spring Boot auto-configuration for DSPJ: {@link dev.dspj.spring.DspjAutoConfiguration} builds the
 * model, its response cache and the configured programs from {@link dev.dspj.spring.DspjProperties}
 * ({@code dspj.*}), registers the application's {@link dev.dspj.observe.Callback} beans, observes
 * DSPJ's calls through Micrometer and checks the model's endpoint for the health endpoint.
 */
@NullMarked
package dev.dspj.spring;

import org.jspecify.annotations.NullMarked;
