/** Terminal output for runs: a progress bar for evaluations (the {@code dspj-console} artifact). */
@NullMarked
package dev.dspj.console;

import org.jspecify.annotations.NullMarked;
