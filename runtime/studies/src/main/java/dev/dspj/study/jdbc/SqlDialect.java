package dev.dspj.study.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * What differs between the databases a {@link JdbcStudyStore} runs on: how a row identity is
 * declared, how a connection is set up and how a writing transaction starts. Every query is the
 * same SQL on both.
 */
enum SqlDialect {

    /**
     * An embedded SQLite file. Writers take the database's write lock when their transaction starts
     * ({@code BEGIN IMMEDIATE}) and wait up to the busy timeout for it; readers never wait (WAL).
     */
    SQLITE("jdbc:sqlite:", "INTEGER PRIMARY KEY") {
        @Override
        void configure(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout = " + SQLITE_BUSY_TIMEOUT_MS);
                statement.execute("PRAGMA foreign_keys = ON");
                statement.execute("PRAGMA synchronous = NORMAL");
                enableWriteAheadLog(statement);
            }
        }

        @Override
        void begin(Connection connection) throws SQLException {
            execute(connection, "BEGIN IMMEDIATE");
        }

        @Override
        void commit(Connection connection) throws SQLException {
            execute(connection, "COMMIT");
        }

        @Override
        void rollback(Connection connection) throws SQLException {
            execute(connection, "ROLLBACK");
        }

        @Override
        void lockSchema(Connection connection) {
            // BEGIN IMMEDIATE already holds the only write lock of the file.
        }
    },

    /** A PostgreSQL database: transactions at READ COMMITTED, rows locked by the updates that touch them. */
    POSTGRESQL("jdbc:postgresql:", "BIGSERIAL PRIMARY KEY") {
        @Override
        void configure(Connection connection) {
            // The driver's defaults (auto-commit, READ COMMITTED) are what the store expects.
        }

        @Override
        void begin(Connection connection) throws SQLException {
            connection.setAutoCommit(false);
        }

        @Override
        void commit(Connection connection) throws SQLException {
            connection.commit();
            connection.setAutoCommit(true);
        }

        @Override
        void rollback(Connection connection) throws SQLException {
            connection.rollback();
            connection.setAutoCommit(true);
        }

        @Override
        void lockSchema(Connection connection) throws SQLException {
            // CREATE TABLE IF NOT EXISTS is not safe against a concurrent identical CREATE in PostgreSQL.
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, SCHEMA_LOCK_KEY);
                lock.execute();
            }
        }
    };

    /** How long a SQLite writer waits for another writer before failing. */
    static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;

    /** The advisory lock that serializes schema creation in PostgreSQL: "dspjstdy" in ASCII. */
    static final long SCHEMA_LOCK_KEY = 0x6473706a73746479L;

    private static final int JOURNAL_MODE_ATTEMPTS = 100;
    private static final long JOURNAL_MODE_RETRY_MS = 50;

    private final String urlPrefix;
    private final String identityColumn;

    SqlDialect(String urlPrefix, String identityColumn) {
        this.urlPrefix = urlPrefix;
        this.identityColumn = identityColumn;
    }

    /**
     * The dialect of a JDBC URL.
     *
     * @param jdbcUrl the URL
     * @param shownUrl the URL as it may be shown (without its password)
     * @return the dialect
     * @throws IllegalArgumentException when no dialect serves the URL
     */
    static SqlDialect forUrl(String jdbcUrl, String shownUrl) {
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        for (SqlDialect dialect : values()) {
            if (lower.startsWith(dialect.urlPrefix)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("study store URL " + shownUrl + " is not supported; expected "
                + "jdbc:sqlite:<file> or jdbc:postgresql://<host>:<port>/<database>?user=<user>");
    }

    /**
     * The URL's prefix, such as {@code jdbc:sqlite:}.
     *
     * @return the prefix
     */
    String urlPrefix() {
        return urlPrefix;
    }

    /**
     * The statements that create the tables when missing, in order.
     *
     * @return the DDL statements
     */
    List<String> schema() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS dspj_study_schema (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS dspj_studies (id " + identityColumn + ", name TEXT NOT NULL UNIQUE, "
                        + "description TEXT NOT NULL, trial_count INTEGER NOT NULL, created_at BIGINT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS dspj_trials (id " + identityColumn + ", "
                        + "study_id BIGINT NOT NULL REFERENCES dspj_studies (id) ON DELETE CASCADE, "
                        + "number INTEGER NOT NULL, config_hash TEXT NOT NULL, configuration TEXT NOT NULL, "
                        + "state TEXT NOT NULL CHECK (state IN ('RUNNING', 'COMPLETE', 'FAILED')), "
                        + "attempt INTEGER NOT NULL, objective_values TEXT, stage TEXT, details TEXT, worker TEXT NOT NULL, "
                        + "started_at BIGINT NOT NULL, lease_until BIGINT NOT NULL, finished_at BIGINT, error TEXT, "
                        + "UNIQUE (study_id, config_hash), UNIQUE (study_id, number))");
    }

    /**
     * Sets up a new connection.
     *
     * @param connection the connection
     * @throws SQLException when the database refuses a setting
     */
    abstract void configure(Connection connection) throws SQLException;

    /**
     * Starts a transaction that will write.
     *
     * @param connection a connection in auto-commit mode
     * @throws SQLException when the transaction cannot start (SQLite: the write lock stayed busy)
     */
    abstract void begin(Connection connection) throws SQLException;

    /**
     * Commits the transaction {@link #begin} started and returns to auto-commit.
     *
     * @param connection the connection
     * @throws SQLException when the commit fails
     */
    abstract void commit(Connection connection) throws SQLException;

    /**
     * Rolls back the transaction {@link #begin} started and returns to auto-commit.
     *
     * @param connection the connection
     * @throws SQLException when the rollback fails
     */
    abstract void rollback(Connection connection) throws SQLException;

    /**
     * Inside a transaction, waits until no other process is creating the tables.
     *
     * @param connection the connection
     * @throws SQLException when the lock cannot be taken
     */
    abstract void lockSchema(Connection connection) throws SQLException;

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Switches a SQLite file to write-ahead logging. Switching needs a moment of exclusive access,
     * which SQLite does not wait for, so a process that opens the file while another is switching it
     * retries.
     */
    private static void enableWriteAheadLog(Statement statement) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                statement.execute("PRAGMA journal_mode = WAL");
                return;
            } catch (SQLException e) {
                if (attempt >= JOURNAL_MODE_ATTEMPTS || !isBusy(e)) {
                    throw e;
                }
            }
            try {
                Thread.sleep(JOURNAL_MODE_RETRY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting to switch the SQLite file to write-ahead logging", e);
            }
        }
    }

    private static boolean isBusy(SQLException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("busy") || message.contains("locked");
    }
}
