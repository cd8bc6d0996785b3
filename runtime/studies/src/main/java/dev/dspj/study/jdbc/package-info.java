/**
 * Durable study stores over JDBC: a SQLite file for one machine, PostgreSQL for many. Registered as
 * a {@link dev.dspj.study.StudyStoreFactory}; users open them through
 * {@link dev.dspj.study.StudyStore#open(String)} and {@link dev.dspj.study.StudyStore#sqlite}.
 */
@NullMarked
package dev.dspj.study.jdbc;

import org.jspecify.annotations.NullMarked;
