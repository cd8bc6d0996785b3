package dev.dspj.study;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The study-store contract, durability and two JVMs on a SQLite file, fresh for each test. */
class SqliteStudyStoreTest extends DurableStudyStoreContract {

    @TempDir
    Path directory;

    @Override
    String jdbcUrl() {
        return "jdbc:sqlite:" + directory.resolve("studies.db");
    }
}
