package dev.dspj.study;

import java.time.Clock;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Opens durable {@link StudyStore}s by JDBC URL for {@link StudyStore#open(String)} and
 * {@link StudyStore#sqlite(java.nio.file.Path)}. Found with {@link java.util.ServiceLoader}:
 * {@code dspj-studies} registers the SQLite and PostgreSQL store, so the core needs no JDBC driver.
 */
public interface StudyStoreFactory {

    /**
     * Whether this factory opens stores at such a URL.
     *
     * @param jdbcUrl the URL
     * @return true when it does
     */
    boolean accepts(String jdbcUrl);

    /**
     * Opens a store, creating its tables when missing.
     *
     * @param jdbcUrl the URL
     * @param clock the source of trial times and lease ends
     * @return the store
     */
    StudyStore open(String jdbcUrl, Clock clock);

    /**
     * The registered factory that accepts a URL.
     *
     * @param jdbcUrl the URL
     * @return the factory
     * @throws IllegalArgumentException when none does, saying which artifact to add
     */
    static StudyStoreFactory installed(String jdbcUrl) {
        List<StudyStoreFactory> factories =
                ServiceLoader.load(StudyStoreFactory.class, StudyStoreFactory.class.getClassLoader()).stream()
                        .map(ServiceLoader.Provider::get)
                        .toList();
        if (factories.isEmpty()) {
            throw new IllegalArgumentException("no durable study store is on the class path; add dev.dspj:dspj-studies "
                    + "(or dev.dspj:dspj-runtime, which brings it), or use StudyStore.inMemory()");
        }
        return factories.stream()
                .filter(factory -> factory.accepts(jdbcUrl))
                .findFirst()
                .orElseGet(() -> factories.get(0));
    }
}
