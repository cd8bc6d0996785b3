package dev.dspj.cli;

import dev.dspj.study.StudyStore;
import dev.dspj.study.StudyStoreException;
import dev.dspj.study.jdbc.JdbcStudyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --store} option of the {@code studies} commands: a JDBC URL or a SQLite file path,
 * by default the one {@link StudyStore#fromEnvironment} opens ({@value StudyStore#STORE_VARIABLE},
 * else {@value StudyStore#DEFAULT_FILE} in DSPJ's cache directory). Only reads: a SQLite file that
 * does not exist is an error naming it, never a new empty store.
 */
final class StoreOption {

    private static final String SQLITE = "jdbc:sqlite:";

    @Option(
            names = "--store",
            paramLabel = "STORE",
            description = "the study store: a JDBC URL (jdbc:sqlite:/path/studies.db, jdbc:postgresql://host/db?user=u)"
                    + " or a SQLite file (default: $" + StudyStore.STORE_VARIABLE + ", else " + StudyStore.DEFAULT_FILE
                    + " in DSPJ's cache directory)")
    @Nullable
    String store;

    /** Where the default store is read from; tests replace it. */
    Function<String, String> environment = System::getenv;

    /**
     * The store's location as it may be printed: the URL without its password, or the file path.
     *
     * @return the location
     */
    String shown() {
        return JdbcStudyStore.withoutPassword(location());
    }

    /** The option naming the store, for messages. */
    private String source() {
        if (store != null) {
            return "--store";
        }
        String named = environment.apply(StudyStore.STORE_VARIABLE);
        return named != null && !named.isBlank() ? "$" + StudyStore.STORE_VARIABLE : "the default store";
    }

    private String location() {
        return store != null ? store.strip() : StudyStore.environmentLocation(environment);
    }

    /**
     * Opens the store for reading.
     *
     * @return the open store; the caller closes it
     * @throws CliException when a SQLite file is missing, the URL is of no supported database (exit
     *     {@value DspjCli#USAGE}) or the store cannot be opened (exit 1)
     */
    StudyStore open() {
        String location = location();
        if (location.isEmpty()) {
            throw new CliException(source() + " is empty: give a JDBC URL or a SQLite file");
        }
        try {
            if (location.startsWith("jdbc:")) {
                sqliteFile(location).ifPresent(this::requireFile);
                return StudyStore.open(location);
            }
            Path file = Path.of(location);
            requireFile(file);
            return StudyStore.sqlite(file);
        } catch (IllegalArgumentException e) {
            throw new CliException(source() + " " + shown() + ": " + e.getMessage(), DspjCli.USAGE, e);
        } catch (StudyStoreException e) {
            throw new CliException(DspjCli.describe(e), 1, e);
        }
    }

    private void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliException(source() + ": the SQLite file " + file.toAbsolutePath()
                    + (Files.exists(file) ? " is not a file" : " does not exist")
                    + "; give the file a search wrote its studies to, or a jdbc: URL");
        }
    }

    /** The file of a {@code jdbc:sqlite:} URL naming a plain path (not {@code file:} URIs or memory). */
    private static java.util.Optional<Path> sqliteFile(String url) {
        if (!url.toLowerCase(Locale.ROOT).startsWith(SQLITE)) {
            return java.util.Optional.empty();
        }
        String target = url.substring(SQLITE.length());
        int query = target.indexOf('?');
        target = query < 0 ? target : target.substring(0, query);
        String lower = target.toLowerCase(Locale.ROOT);
        if (target.isBlank() || lower.startsWith("file:") || lower.contains(":memory:")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Path.of(target));
    }
}
