/**
 * Test support, not for production: {@link dev.dspj.testing.ScriptedModel}, an in-process model
 * that answers from a script, for unit tests that must not call a real model.
 */
@NullMarked
package dev.dspj.testing;

import org.jspecify.annotations.NullMarked;
