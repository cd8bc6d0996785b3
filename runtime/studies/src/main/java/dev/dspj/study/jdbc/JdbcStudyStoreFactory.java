package dev.dspj.study.jdbc;

import dev.dspj.study.StudyStore;
import dev.dspj.study.StudyStoreFactory;
import java.time.Clock;

/** Registers {@link JdbcStudyStore} (SQLite, PostgreSQL) with {@link java.util.ServiceLoader}. */
public final class JdbcStudyStoreFactory implements StudyStoreFactory {

    /** Creates the factory (the service loader calls this). */
    public JdbcStudyStoreFactory() {}

    @Override
    public boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:");
    }

    @Override
    public StudyStore open(String jdbcUrl, Clock clock) {
        return JdbcStudyStore.open(jdbcUrl, clock);
    }
}
