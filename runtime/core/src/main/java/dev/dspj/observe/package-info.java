/**
 * Seeing inside a running program, DSPy's {@code BaseCallback} made typed: {@link
 * dev.dspj.observe.Callback} receives the start and end of every module, model call, adapter step,
 * tool call, evaluation and optimizer compile ({@link dev.dspj.observe.EventKind}), registered for
 * the whole process, for one program or for one block of code ({@link dev.dspj.observe.Callbacks}).
 * {@link dev.dspj.observe.CallContext} carries the run, the module path, the parent event and the
 * usage being counted from a call to the calls it makes, across threads when work is handed on
 * with {@link dev.dspj.observe.CallContext#wrap(Runnable)} or {@link
 * dev.dspj.observe.CallContext#executor(java.util.concurrent.Executor)}.
 */
@NullMarked
package dev.dspj.observe;

import org.jspecify.annotations.NullMarked;
