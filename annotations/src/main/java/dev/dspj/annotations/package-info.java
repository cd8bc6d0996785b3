/**
 * The annotations DSPJ users write: {@link dev.dspj.annotations.Signature} with
 * {@link dev.dspj.annotations.InputField} and {@link dev.dspj.annotations.OutputField} to declare
 * a model call, and {@link dev.dspj.annotations.Program} with
 * {@link dev.dspj.annotations.Variable} to declare what an optimizer may tune.
 *
 * <p>The runtime never reads these reflectively: the annotation processor turns them into plain
 * generated code, so they have {@code CLASS} retention.
 */
package dev.dspj.annotations;
