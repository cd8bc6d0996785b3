package dev.dspj.study;

import dev.dspj.testing.pg.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The study-store contract, durability and two JVMs on a real PostgreSQL server on 127.0.0.1
 * (see {@link PostgresServer}), in a fresh database for each test.
 */
class PostgresStudyStoreTest extends DurableStudyStoreContract {

    private static PostgresServer server;
    private String url;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.shared();
    }

    @BeforeEach
    void createDatabase() {
        url = server.createDatabase("dspj_study_test");
    }

    @Override
    String jdbcUrl() {
        return url;
    }
}
