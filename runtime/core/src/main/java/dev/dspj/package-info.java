/** DSPJ's runtime: {@link dev.dspj.Dspj} holds the process-wide settings. */
package dev.dspj;
