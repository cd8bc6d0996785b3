/**
 * Durable studies: every trial of a search over a {@link dev.dspj.variable.VariableSpace},
 * written as it finishes, in a SQLite file, a PostgreSQL database or memory
 * ({@link dev.dspj.study.StudyStore}). Workers in any number of threads and processes
 * share a {@link dev.dspj.study.Study}: each configuration is claimed atomically by one
 * of them under a lease, and a search that is stopped resumes without running a complete
 * configuration again.
 */
@NullMarked
package dev.dspj.study;

import org.jspecify.annotations.NullMarked;
