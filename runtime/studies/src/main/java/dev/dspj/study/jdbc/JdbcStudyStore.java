package dev.dspj.study.jdbc;

import dev.dspj.study.Study;
import dev.dspj.study.StudyArguments;
import dev.dspj.study.StudyStore;
import dev.dspj.study.StudyStoreException;
import dev.dspj.study.StudySummary;
import dev.dspj.study.Trial;
import dev.dspj.study.TrialState;
import dev.dspj.variable.Configuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Studies in a SQL database over plain JDBC: SQLite or PostgreSQL, with the same statements on
 * both (see {@link SqlDialect}).
 *
 * <p>A claim is one short transaction: it reads the configuration's trial; a new configuration
 * bumps its study's trial counter (which also locks the study row, so numbers are handed out one
 * at a time) and inserts the trial with {@code ON CONFLICT DO NOTHING}; a failed or expired trial
 * is taken by an update conditioned on the attempt that was read. Whoever's statement changed no
 * row lost the race. Heartbeats, completions and failures are single updates conditioned on the
 * caller's attempt still running. No lock is held while a trial runs.
 *
 * <p>Connections are opened on demand, one per concurrent operation, and up to
 * {@value #MAX_IDLE_CONNECTIONS} are kept for reuse.
 */
public final class JdbcStudyStore implements StudyStore {

    /** The version of the tables this class reads and writes, kept in {@code dspj_study_schema}. */
    public static final int SCHEMA_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStudyStore.class);
    private static final int MAX_IDLE_CONNECTIONS = 8;
    private static final int MAX_CLAIM_ROUNDS = 10;
    private static final String TRIAL_COLUMNS =
            "id, number, config_hash, configuration, state, attempt, objective_values, "
                    + "stage, details, worker, started_at, lease_until, finished_at, error";
    /** Each study with its trial counts by state and its latest trial start and end; the same SQL on both databases. */
    private static final String SUMMARY_QUERY = "SELECT s.name, s.description, s.created_at, "
            + "COUNT(CASE WHEN t.state = 'COMPLETE' THEN 1 END), COUNT(CASE WHEN t.state = 'FAILED' THEN 1 END), "
            + "COUNT(CASE WHEN t.state = 'RUNNING' THEN 1 END), MAX(t.started_at), MAX(t.finished_at) "
            + "FROM dspj_studies s LEFT JOIN dspj_trials t ON t.study_id = s.id "
            + "GROUP BY s.id, s.name, s.description, s.created_at";

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)([^&;]*)");
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/@:?]+:)([^/@?]*)@");

    private final SqlDialect dialect;
    private final String url;
    private final String shownUrl;
    private final List<String> secrets;
    private final Clock clock;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    private JdbcStudyStore(SqlDialect dialect, String url, Clock clock) {
        this.dialect = dialect;
        this.url = url;
        this.shownUrl = withoutPassword(url);
        this.secrets = passwords(url);
        this.clock = clock;
    }

    /**
     * Opens a store by URL and creates its tables when missing.
     *
     * @param jdbcUrl a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL
     * @param clock the source of trial times and lease ends
     * @return the store
     */
    public static JdbcStudyStore open(String jdbcUrl, Clock clock) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(clock, "clock");
        SqlDialect dialect = SqlDialect.forUrl(jdbcUrl, withoutPassword(jdbcUrl));
        if (dialect == SqlDialect.SQLITE) {
            createParentDirectories(jdbcUrl);
        }
        JdbcStudyStore store = new JdbcStudyStore(dialect, jdbcUrl, clock);
        try {
            store.createSchema();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /**
     * Opens a store in a SQLite file.
     *
     * @param file the database file; it and its directories are created when missing
     * @param clock the source of trial times and lease ends
     * @return the store
     */
    public static JdbcStudyStore sqlite(Path file, Clock clock) {
        return open(SqlDialect.SQLITE.urlPrefix() + file.toAbsolutePath(), clock);
    }

    /**
     * A JDBC URL as it may be printed: any password replaced by {@code ***}.
     *
     * @param jdbcUrl the URL
     * @return the URL without its password
     */
    public static String withoutPassword(String jdbcUrl) {
        String shown = PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1***");
        return USER_INFO_PASSWORD.matcher(shown).replaceAll("$1***@");
    }

    private static List<String> passwords(String jdbcUrl) {
        List<String> found = new ArrayList<>();
        for (Pattern pattern : List.of(PASSWORD_PARAMETER, USER_INFO_PASSWORD)) {
            Matcher matcher = pattern.matcher(jdbcUrl);
            while (matcher.find()) {
                if (!matcher.group(2).isEmpty()) {
                    found.add(matcher.group(2));
                }
            }
        }
        return found;
    }

    private static void createParentDirectories(String jdbcUrl) {
        String target = jdbcUrl.substring(SqlDialect.SQLITE.urlPrefix().length());
        String lower = target.toLowerCase(Locale.ROOT);
        if (target.isBlank() || lower.contains(":memory:") || lower.contains("mode=memory")) {
            throw new IllegalArgumentException(
                    "study store URL " + withoutPassword(jdbcUrl) + " names an in-memory SQLite "
                            + "database, which each connection would see empty; use StudyStore.inMemory() or a file");
        }
        if (lower.startsWith("file:")) {
            return;
        }
        int query = target.indexOf('?');
        Path parent = Path.of(query < 0 ? target : target.substring(0, query))
                .toAbsolutePath()
                .getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StudyStoreException(
                    "cannot create the directory " + parent + " of the study store " + withoutPassword(jdbcUrl) + ": "
                            + e,
                    e);
        }
    }

    @Override
    public Study study(String name, String descriptionJson) {
        StudyArguments.studyName(name);
        StudyArguments.description(name, descriptionJson);
        return withConnection(name, "open the study", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO dspj_studies "
                            + "(name, description, trial_count, created_at) VALUES (?, ?, 0, ?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, name);
                insert.setString(2, descriptionJson);
                insert.setLong(3, clock.millis());
                insert.executeUpdate();
            }
            try (PreparedStatement query =
                    connection.prepareStatement("SELECT id, description FROM dspj_studies WHERE name = ?")) {
                query.setString(1, name);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        throw new SQLException("the study row is missing right after it was inserted");
                    }
                    String stored = row.getString(2);
                    if (!stored.equals(descriptionJson)) {
                        LOG.warn(
                                "Study '{}' in {} was created with another description; its stored description is kept",
                                name,
                                shownUrl);
                    }
                    return new JdbcStudy(row.getLong(1), name, stored);
                }
            }
        });
    }

    @Override
    public Optional<Study> find(String name) {
        Objects.requireNonNull(name, "name");
        return withConnection(name, "find the study", connection -> {
            try (PreparedStatement query =
                    connection.prepareStatement("SELECT id, description FROM dspj_studies WHERE name = ?")) {
                query.setString(1, name);
                try (ResultSet row = query.executeQuery()) {
                    return row.next()
                            ? Optional.of(new JdbcStudy(row.getLong(1), name, row.getString(2)))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StudySummary> studies() {
        return withConnection(null, "list the studies", connection -> {
            List<StudySummary> studies = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery(SUMMARY_QUERY)) {
                while (row.next()) {
                    long started = row.getLong(7);
                    boolean noStart = row.wasNull();
                    long finished = row.getLong(8);
                    boolean noEnd = row.wasNull();
                    long last = noStart ? finished : noEnd ? started : Math.max(started, finished);
                    studies.add(new StudySummary(
                            row.getString(1),
                            row.getString(2),
                            Instant.ofEpochMilli(row.getLong(3)),
                            row.getInt(4),
                            row.getInt(5),
                            row.getInt(6),
                            noStart && noEnd ? null : Instant.ofEpochMilli(last)));
                }
            }
            // by name in Java, so both databases order alike whatever their collation
            studies.sort(java.util.Comparator.comparing(StudySummary::name));
            return studies;
        });
    }

    @Override
    public void close() {
        List<Connection> toClose;
        synchronized (idle) {
            closed = true;
            toClose = new ArrayList<>(idle);
            idle.clear();
        }
        toClose.forEach(this::closeQuietly);
    }

    @Override
    public String toString() {
        return "StudyStore[" + shownUrl + "]";
    }

    private void createSchema() {
        inTransaction(null, "create the study tables", connection -> {
            dialect.lockSchema(connection);
            try (Statement statement = connection.createStatement()) {
                for (String ddl : dialect.schema()) {
                    statement.execute(ddl);
                }
            }
            int version;
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM dspj_study_schema")) {
                row.next();
                version = row.getInt(1);
            }
            if (version == 0) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO dspj_study_schema (version, applied_at) VALUES (?, ?)")) {
                    insert.setInt(1, SCHEMA_VERSION);
                    insert.setLong(2, clock.millis());
                    insert.executeUpdate();
                }
            } else if (version > SCHEMA_VERSION) {
                throw new StudyStoreException("study store " + shownUrl + " holds study tables of schema version "
                        + version + "; this DSPJ reads version " + SCHEMA_VERSION + ": upgrade DSPJ");
            }
            return null;
        });
    }

    /**
     * What one claim transaction found.
     *
     * @param trial the claimed trial, empty when it is taken or done
     * @param readAgain whether another process inserted the configuration after this one looked
     */
    private record ClaimOutcome(Optional<Trial> trial, boolean readAgain) {
        static final ClaimOutcome READ_AGAIN = new ClaimOutcome(Optional.empty(), true);
    }

    /** Work on one connection that may throw the driver's exceptions. */
    @FunctionalInterface
    private interface SqlWork<T> {
        @Nullable
        T run(Connection connection) throws SQLException;
    }

    private <T> T withConnection(@Nullable String study, String operation, SqlWork<T> work) {
        return Objects.requireNonNull(run(study, operation, false, work), () -> operation + " gave no result");
    }

    private <T> @Nullable T inTransaction(@Nullable String study, String operation, SqlWork<T> work) {
        return run(study, operation, true, work);
    }

    private <T> @Nullable T run(@Nullable String study, String operation, boolean transaction, SqlWork<T> work) {
        Connection connection = borrow(study, operation);
        boolean reusable = false;
        try {
            @Nullable T result;
            if (transaction) {
                dialect.begin(connection);
                try {
                    result = work.run(connection);
                    dialect.commit(connection);
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(connection);
                    throw e;
                }
            } else {
                result = work.run(connection);
            }
            reusable = true;
            return result;
        } catch (SQLException e) {
            throw failure(study, "cannot " + operation, e);
        } finally {
            release(connection, reusable);
        }
    }

    private Connection borrow(@Nullable String study, String operation) {
        synchronized (idle) {
            if (closed) {
                throw new StudyStoreException("study store " + shownUrl + " is closed: cannot " + operation
                        + (study == null ? "" : " in study '" + study + "'"));
            }
            Connection connection = idle.pollFirst();
            if (connection != null) {
                return connection;
            }
        }
        Connection connection = null;
        try {
            connection = DriverManager.getConnection(url);
            dialect.configure(connection);
            return connection;
        } catch (SQLException e) {
            if (connection != null) {
                closeQuietly(connection);
            }
            throw failure(study, "cannot connect to the database to " + operation, e);
        }
    }

    private void release(Connection connection, boolean reusable) {
        synchronized (idle) {
            if (reusable && !closed && idle.size() < MAX_IDLE_CONNECTIONS) {
                idle.addFirst(connection);
                return;
            }
        }
        closeQuietly(connection);
    }

    private void rollbackQuietly(Connection connection) {
        try {
            dialect.rollback(connection);
        } catch (SQLException e) {
            LOG.debug("rollback on {} failed: {}", shownUrl, e.getMessage());
        }
    }

    private void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a connection to {} failed: {}", shownUrl, e.getMessage());
        }
    }

    private StudyStoreException failure(@Nullable String study, String what, SQLException cause) {
        String message = String.valueOf(cause.getMessage());
        for (String secret : secrets) {
            message = message.replace(secret, "***");
        }
        return new StudyStoreException(
                "study store " + shownUrl + ": " + what + (study == null ? "" : " in study '" + study + "'") + ": "
                        + message,
                cause);
    }

    /** Ids per {@code IN (...)} list when fetching full trial rows. */
    private static final int FETCH_CHUNK = 200;

    /** A trial row with the end of its lease in epoch milliseconds. */
    private record Row(Trial trial, long leaseUntil) {}

    private static Row row(ResultSet row) throws SQLException {
        long finished = row.getLong("finished_at");
        Instant finishedAt = row.wasNull() ? null : Instant.ofEpochMilli(finished);
        Trial trial = new Trial(
                row.getLong("id"),
                row.getInt("number"),
                row.getString("config_hash"),
                Configuration.fromJson(row.getString("configuration")),
                TrialState.valueOf(row.getString("state")),
                row.getInt("attempt"),
                StudyArguments.valuesFromJson(row.getString("objective_values")),
                row.getString("stage"),
                row.getString("details"),
                row.getString("worker"),
                Instant.ofEpochMilli(row.getLong("started_at")),
                finishedAt,
                row.getString("error"),
                Instant.ofEpochMilli(row.getLong("lease_until")));
        return new Row(trial, row.getLong("lease_until"));
    }

    private static void bind(PreparedStatement statement, @Nullable Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object parameter = parameters[i];
            if (parameter == null) {
                statement.setNull(i + 1, Types.VARCHAR);
            } else if (parameter instanceof String text) {
                statement.setString(i + 1, text);
            } else if (parameter instanceof Integer number) {
                statement.setInt(i + 1, number);
            } else {
                statement.setLong(i + 1, (Long) parameter);
            }
        }
    }

    private static int update(Connection connection, String sql, @Nullable Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        }
    }

    private static List<Row> rows(Connection connection, String where, Object... parameters) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT " + TRIAL_COLUMNS + " FROM dspj_trials WHERE " + where)) {
            bind(query, parameters);
            List<Row> rows = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    rows.add(row(row));
                }
            }
            return rows;
        }
    }

    private final class JdbcStudy implements Study {

        private final long id;
        private final String name;
        private final String description;
        /** Complete trials by id: they never change again. */
        private final Map<Long, Trial> complete = new java.util.concurrent.ConcurrentHashMap<>();

        JdbcStudy(long id, String name, String description) {
            this.id = id;
            this.name = name;
            this.description = description;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public Optional<Trial> claim(Configuration configuration, String worker, Duration lease) {
            Objects.requireNonNull(configuration, "configuration");
            StudyArguments.worker(worker);
            long leaseMillis = StudyArguments.leaseMillis(lease);
            for (int round = 0; round < MAX_CLAIM_ROUNDS; round++) {
                ClaimOutcome claimed = inTransaction(
                        name, "claim a trial", connection -> claimOnce(connection, configuration, worker, leaseMillis));
                if (claimed != null && !claimed.readAgain()) {
                    return claimed.trial();
                }
            }
            throw new StudyStoreException(
                    "study store " + shownUrl + ": cannot claim a trial in study '" + name + "': configuration "
                            + configuration + " met " + MAX_CLAIM_ROUNDS + " conflicting inserts in a row");
        }

        /**
         * One claim transaction.
         *
         * @return the claimed trial, empty when it is taken or done, or {@link ClaimOutcome#READ_AGAIN}
         *     when another process inserted the configuration after this one looked
         */
        private ClaimOutcome claimOnce(
                Connection connection, Configuration configuration, String worker, long leaseMillis)
                throws SQLException {
            long now = clock.millis();
            String hash = configuration.hash();
            List<Row> existing = rows(connection, "study_id = ? AND config_hash = ?", id, hash);
            if (!existing.isEmpty()) {
                Row row = existing.get(0);
                Trial held = row.trial();
                boolean free = held.state() == TrialState.FAILED
                        || (held.state() == TrialState.RUNNING && row.leaseUntil() <= now);
                if (!free) {
                    return new ClaimOutcome(Optional.empty(), false);
                }
                int taken = update(
                        connection,
                        "UPDATE dspj_trials SET state = 'RUNNING', attempt = attempt + 1, worker = ?, "
                                + "started_at = ?, lease_until = ?, finished_at = NULL, objective_values = NULL, stage = NULL, "
                                + "details = NULL, error = NULL WHERE id = ? AND attempt = ? "
                                + "AND (state = 'FAILED' OR (state = 'RUNNING' AND lease_until <= ?))",
                        worker,
                        now,
                        now + leaseMillis,
                        held.id(),
                        held.attempt(),
                        now);
                if (taken == 0) {
                    return new ClaimOutcome(Optional.empty(), false);
                }
                return new ClaimOutcome(
                        Optional.of(Trial.claimed(
                                held.id(),
                                held.number(),
                                hash,
                                held.configuration(),
                                held.attempt() + 1,
                                worker,
                                now,
                                now + leaseMillis)),
                        false);
            }
            update(connection, "UPDATE dspj_studies SET trial_count = trial_count + 1 WHERE id = ?", id);
            int number;
            try (PreparedStatement query =
                    connection.prepareStatement("SELECT trial_count - 1 FROM dspj_studies WHERE id = ?")) {
                bind(query, id);
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    number = row.getInt(1);
                }
            }
            int inserted = update(
                    connection,
                    "INSERT INTO dspj_trials (study_id, number, config_hash, configuration, state, "
                            + "attempt, worker, started_at, lease_until) VALUES (?, ?, ?, ?, 'RUNNING', 1, ?, ?, ?) "
                            + "ON CONFLICT (study_id, config_hash) DO NOTHING",
                    id,
                    number,
                    hash,
                    configuration.toJson(),
                    worker,
                    now,
                    now + leaseMillis);
            if (inserted == 0) {
                update(connection, "UPDATE dspj_studies SET trial_count = trial_count - 1 WHERE id = ?", id);
                return ClaimOutcome.READ_AGAIN;
            }
            long trialId;
            try (PreparedStatement query =
                    connection.prepareStatement("SELECT id FROM dspj_trials WHERE study_id = ? AND config_hash = ?")) {
                bind(query, id, hash);
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    trialId = row.getLong(1);
                }
            }
            return new ClaimOutcome(
                    Optional.of(Trial.claimed(trialId, number, hash, configuration, 1, worker, now, now + leaseMillis)),
                    false);
        }

        @Override
        public void heartbeat(Trial trial, Duration lease) {
            Objects.requireNonNull(trial, "trial");
            long leaseMillis = StudyArguments.leaseMillis(lease);
            int renewed = withConnection(
                    name,
                    "renew a lease",
                    connection -> update(
                            connection,
                            "UPDATE dspj_trials SET lease_until = ? WHERE id = ? AND study_id = ? AND attempt = ? "
                                    + "AND state = 'RUNNING'",
                            clock.millis() + leaseMillis,
                            trial.id(),
                            id,
                            trial.attempt()));
            if (renewed == 0) {
                throw notHeld(trial, "renew the lease of");
            }
        }

        @Override
        public Trial complete(
                Trial trial, Map<String, Double> values, @Nullable String stage, @Nullable String detailsJson) {
            Objects.requireNonNull(trial, "trial");
            Map<String, Double> checked = StudyArguments.values(name, values);
            StudyArguments.details(name, detailsJson);
            long now = clock.millis();
            int completed = withConnection(
                    name,
                    "complete a trial",
                    connection -> update(
                            connection,
                            "UPDATE dspj_trials SET state = 'COMPLETE', objective_values = ?, stage = ?, details = ?, "
                                    + "finished_at = ? WHERE id = ? AND study_id = ? AND attempt = ? AND state = 'RUNNING'",
                            StudyArguments.valuesJson(checked),
                            stage,
                            detailsJson,
                            now,
                            trial.id(),
                            id,
                            trial.attempt()));
            if (completed == 0) {
                throw notHeld(trial, "complete");
            }
            return new Trial(
                    trial.id(),
                    trial.number(),
                    trial.configHash(),
                    trial.configuration(),
                    TrialState.COMPLETE,
                    trial.attempt(),
                    checked,
                    stage,
                    detailsJson,
                    trial.worker(),
                    trial.started(),
                    Instant.ofEpochMilli(now),
                    null);
        }

        @Override
        public Trial fail(Trial trial, String error) {
            Objects.requireNonNull(trial, "trial");
            String reason = StudyArguments.error(error);
            long now = clock.millis();
            int failed = withConnection(
                    name,
                    "fail a trial",
                    connection -> update(
                            connection,
                            "UPDATE dspj_trials SET state = 'FAILED', error = ?, finished_at = ? "
                                    + "WHERE id = ? AND study_id = ? AND attempt = ? AND state = 'RUNNING'",
                            reason,
                            now,
                            trial.id(),
                            id,
                            trial.attempt()));
            if (failed == 0) {
                throw notHeld(trial, "fail");
            }
            return new Trial(
                    trial.id(),
                    trial.number(),
                    trial.configHash(),
                    trial.configuration(),
                    TrialState.FAILED,
                    trial.attempt(),
                    Map.of(),
                    null,
                    null,
                    trial.worker(),
                    trial.started(),
                    Instant.ofEpochMilli(now),
                    reason);
        }

        @Override
        public List<Trial> trials() {
            return withConnection(name, "list trials", connection -> list(connection, false));
        }

        @Override
        public List<Trial> completed() {
            return withConnection(name, "list complete trials", connection -> list(connection, true));
        }

        /**
         * The study's trials in number order. A complete trial never changes again, so it is read
         * in full once and kept; later listings read only the ids and states, and the full rows of
         * trials not complete or not seen before (a search lists the study before every proposal).
         */
        private List<Trial> list(Connection connection, boolean completeOnly) throws SQLException {
            List<long[]> keys = new ArrayList<>();
            try (PreparedStatement query =
                    connection.prepareStatement("SELECT id, state FROM dspj_trials WHERE study_id = ?"
                            + (completeOnly ? " AND state = 'COMPLETE'" : "") + " ORDER BY number")) {
                bind(query, id);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        keys.add(new long[] {row.getLong(1), "COMPLETE".equals(row.getString(2)) ? 1 : 0});
                    }
                }
            }
            List<Long> missing = new ArrayList<>();
            for (long[] key : keys) {
                if (key[1] == 0 || !complete.containsKey(key[0])) {
                    missing.add(key[0]);
                }
            }
            Map<Long, Trial> fresh = new java.util.HashMap<>();
            for (int from = 0; from < missing.size(); from += FETCH_CHUNK) {
                List<Long> chunk = missing.subList(from, Math.min(missing.size(), from + FETCH_CHUNK));
                String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                for (Row row : rows(
                        connection,
                        "study_id = ? AND id IN (" + marks + ")",
                        java.util.stream.Stream.concat(java.util.stream.Stream.of(id), chunk.stream())
                                .toArray())) {
                    fresh.put(row.trial().id(), row.trial());
                    if (row.trial().state() == TrialState.COMPLETE) {
                        complete.put(row.trial().id(), row.trial());
                    }
                }
            }
            List<Trial> trials = new ArrayList<>(keys.size());
            for (long[] key : keys) {
                Trial trial = fresh.getOrDefault(key[0], complete.get(key[0]));
                if (trial != null && (!completeOnly || trial.state() == TrialState.COMPLETE)) {
                    trials.add(trial);
                }
            }
            return trials;
        }

        @Override
        public Optional<Trial> find(Configuration configuration) {
            Objects.requireNonNull(configuration, "configuration");
            return withConnection(
                            name,
                            "find a trial",
                            connection ->
                                    rows(connection, "study_id = ? AND config_hash = ?", id, configuration.hash()))
                    .stream()
                    .map(Row::trial)
                    .findFirst();
        }

        /** Why an update conditioned on the caller's attempt changed nothing. */
        private RuntimeException notHeld(Trial trial, String operation) {
            List<Row> current = withConnection(
                    name, "read a trial", connection -> rows(connection, "id = ? AND study_id = ?", trial.id(), id));
            if (current.isEmpty()) {
                return StudyArguments.foreignTrial(name, trial);
            }
            return StudyArguments.lost(name, operation, trial, current.get(0).trial());
        }

        @Override
        public String toString() {
            return "Study[" + name + " in " + shownUrl + "]";
        }
    }
}
