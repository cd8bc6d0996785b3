package dev.dspj.study;

import dev.dspj.lm.LanguageModels;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where {@link Study studies} live: a SQLite file, a PostgreSQL database, or memory.
 *
 * <p>A SQLite file serves the threads and processes of one machine; a PostgreSQL database serves
 * workers on many machines. Both keep every trial as it finishes, so a search that is stopped
 * resumes where it was. The tables ({@code dspj_study_schema}, {@code dspj_studies},
 * {@code dspj_trials}) are created on first use.
 *
 * <pre>{@code
 * try (StudyStore store = StudyStore.open("jdbc:sqlite:/data/studies.db")) {
 *     Study study = store.study("qa-prompts", descriptionJson);
 *     ...
 * }
 * }</pre>
 *
 * <p>The durable stores live in {@code dspj-studies} and are found as {@link StudyStoreFactory}s.
 *
 * <p>Thread-safe; open one store per process and share it.
 */
public interface StudyStore extends AutoCloseable {

    /** The environment variable naming the default store: a JDBC URL or a SQLite file path. */
    String STORE_VARIABLE = "DSPJ_STUDY_DB";

    /** The SQLite file of the default store, in DSPJ's cache directory. */
    String DEFAULT_FILE = "studies.db";

    /**
     * Opens a store by JDBC URL.
     *
     * @param jdbcUrl {@code jdbc:sqlite:/path/studies.db} or
     *     {@code jdbc:postgresql://host:5432/database?user=name&password=secret}
     * @return the store, its tables created if missing
     * @throws IllegalArgumentException when the URL is of no supported database
     * @throws StudyStoreException when the database cannot be reached or holds a newer schema
     */
    static StudyStore open(String jdbcUrl) {
        return StudyStoreFactory.installed(jdbcUrl).open(jdbcUrl, Clock.systemUTC());
    }

    /**
     * Opens a store in a SQLite file, creating the file and its directories if missing.
     *
     * @param file the database file
     * @return the store
     * @throws StudyStoreException when the file cannot be created or opened
     */
    static StudyStore sqlite(Path file) {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        return StudyStoreFactory.installed(url).open(url, Clock.systemUTC());
    }

    /**
     * A store in this process's memory, with the same semantics as the durable ones; for tests and
     * searches that need not survive the process.
     *
     * @return an empty store
     */
    static StudyStore inMemory() {
        return new InMemoryStudyStore(Clock.systemUTC());
    }

    /**
     * Opens the store the environment names: {@value #STORE_VARIABLE} holding a JDBC URL or a
     * SQLite file path, else {@value #DEFAULT_FILE} in DSPJ's cache directory
     * ({@code DSPJ_CACHE_DIR}, else {@code $XDG_CACHE_HOME/dspj}, else {@code ~/.cache/dspj}).
     *
     * @param environment variable name to value, such as {@code System::getenv}
     * @return the store
     * @throws StudyStoreException when the store cannot be opened
     */
    static StudyStore fromEnvironment(Function<String, String> environment) {
        String location = environmentLocation(environment);
        return location.startsWith("jdbc:") ? open(location) : sqlite(Path.of(location));
    }

    /**
     * Where {@link #fromEnvironment} opens its store, without opening it: the JDBC URL or SQLite
     * file path in {@value #STORE_VARIABLE}, else the path of {@value #DEFAULT_FILE} in DSPJ's
     * cache directory. A value starting with {@code jdbc:} is a URL, anything else a file path.
     *
     * @param environment variable name to value, such as {@code System::getenv}
     * @return the JDBC URL or file path, stripped
     */
    static String environmentLocation(Function<String, String> environment) {
        String named = environment.apply(STORE_VARIABLE);
        if (named != null && !named.isBlank()) {
            return named.strip();
        }
        return LanguageModels.cacheDirectory(environment)
                .resolve(DEFAULT_FILE)
                .toAbsolutePath()
                .toString();
    }

    /**
     * Creates a study or opens the existing one of that name. The description is stored only when
     * the study is created; see {@link Study#description()}.
     *
     * @param name the study's name; not blank
     * @param descriptionJson the variable space and objectives as JSON text
     * @return the study
     * @throws IllegalArgumentException when the name is blank or the description is not JSON
     * @throws StudyStoreException when the store cannot be read or written
     */
    Study study(String name, String descriptionJson);

    /**
     * Opens an existing study without creating it.
     *
     * @param name the study's name
     * @return the study, or empty when the store has no study of that name
     * @throws StudyStoreException when the store cannot be read
     */
    Optional<Study> find(String name);

    /**
     * Every study in the store with its trial counts, read without loading the trials.
     *
     * @return the studies ordered by name
     * @throws StudyStoreException when the store cannot be read
     */
    List<StudySummary> studies();

    /** Releases the store's connections. Trials still running stay running until their lease runs out. */
    @Override
    void close();
}
