/** Terminal output for runs: a progress bar for evaluations (the {@code dspj-console} artifact). */
package dev.dspj.console;
