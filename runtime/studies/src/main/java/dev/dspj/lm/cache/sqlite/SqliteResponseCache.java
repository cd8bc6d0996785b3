package dev.dspj.lm.cache.sqlite;

import dev.dspj.lm.LmResponse;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.cache.ResponseJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A response cache in a SQLite file. Several threads and several processes may share one file:
 * SQLite's write-ahead log and a busy timeout serialize writers. Writes are queued on one
 * background thread, so a model call never waits for the disk. A file that cannot be opened or
 * read (corrupt, not a database, unwritable) is reported once in the log and the cache is
 * bypassed: a run never fails because of its cache.
 *
 * <p>The writer is a daemon thread, so an open cache never keeps a JVM alive; a cache still open
 * when the JVM ends is closed by a shutdown hook ({@code dspj-cache-close}), which writes out the
 * queued responses first.
 */
public final class SqliteResponseCache implements ResponseCache {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteResponseCache.class);
    private static final int BUSY_TIMEOUT_MS = 10_000;

    /** The caches not closed yet, which the shutdown hook closes. */
    private static final Set<SqliteResponseCache> OPEN = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final ExecutorService writer;
    /** The open connection; null when it could not be opened or after {@link #close()}. */
    private @Nullable Connection connection;

    private volatile boolean disabled;

    /**
     * Opens (creating when missing) the cache file.
     *
     * @param file the database file
     */
    public SqliteResponseCache(Path file) {
        this.file = file.toAbsolutePath();
        this.writer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dspj-cache-writer");
            thread.setDaemon(true);
            return thread;
        });
        OPEN.add(this);
        ShutdownHook.install();
        try {
            Files.createDirectories(this.file.getParent());
            Connection opened = DriverManager.getConnection("jdbc:sqlite:" + this.file);
            connection = opened;
            try (Statement statement = opened.createStatement()) {
                statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("PRAGMA synchronous = NORMAL");
                statement.execute("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, response TEXT NOT NULL, "
                        + "created_at INTEGER NOT NULL)");
            }
        } catch (SQLException | IOException | RuntimeException e) {
            disable("cannot be opened", e);
        }
    }

    @Override
    public Optional<LmResponse> get(String key) {
        if (disabled) {
            return Optional.empty();
        }
        String text;
        synchronized (this) {
            Connection open = connection;
            if (disabled || open == null) {
                return Optional.empty();
            }
            try (PreparedStatement query = open.prepareStatement("SELECT response FROM responses WHERE key = ?")) {
                query.setString(1, key);
                try (ResultSet rows = query.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    text = rows.getString(1);
                }
            } catch (SQLException e) {
                disable("cannot be read", e);
                return Optional.empty();
            }
        }
        try {
            return Optional.of(ResponseJson.read(text));
        } catch (IOException e) {
            LOG.warn("Ignoring an unreadable entry in the response cache {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, LmResponse response) {
        if (disabled) {
            return;
        }
        String text = ResponseJson.write(response);
        try {
            writer.execute(() -> write(key, text));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            LOG.debug("Response cache {} is closed; not storing", file);
        }
    }

    private void write(String key, String text) {
        synchronized (this) {
            Connection open = connection;
            if (disabled || open == null) {
                return;
            }
            try (PreparedStatement insert = open.prepareStatement(
                    "INSERT OR REPLACE INTO responses (key, response, created_at) VALUES (?, ?, ?)")) {
                insert.setString(1, key);
                insert.setString(2, text);
                insert.setLong(3, System.currentTimeMillis());
                insert.executeUpdate();
            } catch (SQLException e) {
                disable("cannot be written", e);
            }
        }
    }

    @Override
    public void flush() {
        try {
            writer.submit(() -> {}).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Response cache {} did not flush: {}", file, e.toString());
        }
    }

    private void disable(String what, Exception cause) {
        if (!disabled) {
            disabled = true;
            LOG.warn(
                    "The response cache file {} {} ({}); continuing without the disk cache",
                    file,
                    what,
                    cause.getMessage());
        }
    }

    /**
     * Whether the cache was bypassed after a failure.
     *
     * @return true when disabled
     */
    public boolean isDisabled() {
        return disabled;
    }

    @Override
    public void close() {
        OPEN.remove(this);
        writer.shutdown();
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    LOG.debug("closing the response cache {}: {}", file, e.getMessage());
                }
                connection = null;
            }
            disabled = true;
        }
    }

    /** Closes the caches still open when the JVM ends, so that their queued writes reach the file. */
    private static final class ShutdownHook {
        static {
            try {
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> List.copyOf(OPEN).forEach(SqliteResponseCache::close), "dspj-cache-close"));
            } catch (IllegalStateException shuttingDown) {
                LOG.debug("the JVM is already shutting down; open response caches are not closed at exit");
            }
        }

        private ShutdownHook() {}

        /** Runs the static initializer once. */
        static void install() {
            // the class initializer registers the hook
        }
    }
}
