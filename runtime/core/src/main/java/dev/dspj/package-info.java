/** DSPJ's runtime: {@link dev.dspj.Dspj} holds the process-wide settings. */
@NullMarked
package dev.dspj;

import org.jspecify.annotations.NullMarked;
