/**
 * The {@code dspj} command ({@link dev.dspj.cli.DspjCli}): {@code run} applies a saved program to
 * every row of a JSONL or CSV file, resumably; {@code evaluate} and {@code optimize} work over
 * files; {@code studies} reads study stores; {@code sim} serves the simulated model.
 */
@NullMarked
package dev.dspj.cli;

import org.jspecify.annotations.NullMarked;
