package dev.dspj.study;

import static dev.dspj.study.StudyStoreContract.DESCRIPTION;
import static dev.dspj.study.StudyStoreContract.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.study.jdbc.JdbcStudyStore;
import dev.dspj.variable.Configuration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening stores: URLs, the default location, errors that never show a password, and closed stores. */
class StudyStoreOpeningTest {

    private static final Configuration CONFIGURATION =
            Configuration.builder().put("depth", 3).build();

    @Test
    void anUnsupportedUrlIsNamedWithoutItsPassword() {
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class,
                () -> StudyStore.open("jdbc:mysql://db:3306/studies?user=search&password=hunter2"));
        assertMessage(error, "jdbc:mysql://db:3306/studies?user=search&password=***");
        assertMessage(error, "expected jdbc:sqlite:<file> or jdbc:postgresql://");
        assertFalse(error.getMessage().contains("hunter2"), error.getMessage());
    }

    @Test
    void anUnreachableServerIsNamedWithoutItsPassword() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/studies?user=search&password=hunter2&connectTimeout=5";
        StudyStoreException error = assertThrows(StudyStoreException.class, () -> StudyStore.open(url));
        assertMessage(
                error, "jdbc:postgresql://127.0.0.1:" + port + "/studies?user=search&password=***&connectTimeout=5");
        assertMessage(error, "cannot connect to the database to create the study tables");
        assertFalse(error.getMessage().contains("hunter2"), error.getMessage());
    }

    @Test
    void passwordsAreHiddenInEveryUrlForm() {
        assertEquals(
                "jdbc:postgresql://h/db?user=u&password=***&ssl=true",
                JdbcStudyStore.withoutPassword("jdbc:postgresql://h/db?user=u&password=s3cr3t&ssl=true"));
        assertEquals(
                "jdbc:postgresql://u:***@h:5432/db",
                JdbcStudyStore.withoutPassword("jdbc:postgresql://u:pw@h:5432/db"));
        assertEquals("jdbc:sqlite:/data/studies.db", JdbcStudyStore.withoutPassword("jdbc:sqlite:/data/studies.db"));
    }

    @Test
    void anInMemorySqliteUrlIsRefused() {
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> StudyStore.open("jdbc:sqlite::memory:")),
                "use StudyStore.inMemory()");
    }

    @Test
    void aSqliteFileAndItsDirectoriesAreCreated(@TempDir Path directory) {
        Path file = directory.resolve("nested/deeper/studies.db");
        try (StudyStore store = StudyStore.sqlite(file)) {
            assertTrue(store.study("s", DESCRIPTION)
                    .claim(CONFIGURATION, "w", Duration.ofMinutes(1))
                    .isPresent());
        }
        assertTrue(Files.isRegularFile(file));
        try (StudyStore store = StudyStore.open("jdbc:sqlite:" + file)) {
            assertEquals(1, store.study("s", DESCRIPTION).trials().size(), "the URL form opens the same file");
        }
    }

    @Test
    void theEnvironmentNamesTheDefaultStore(@TempDir Path directory) {
        Path cacheDirectory = directory.resolve("cache");
        try (StudyStore store = StudyStore.fromEnvironment(Map.of("DSPJ_CACHE_DIR", cacheDirectory.toString())::get)) {
            store.study("default", DESCRIPTION);
        }
        assertTrue(Files.isRegularFile(cacheDirectory.resolve(StudyStore.DEFAULT_FILE)), "beside the response cache");

        Path named = directory.resolve("named.db");
        try (StudyStore store = StudyStore.fromEnvironment(Map.of(StudyStore.STORE_VARIABLE, named.toString())::get)) {
            store.study("by-path", DESCRIPTION);
        }
        assertTrue(Files.isRegularFile(named), "a path names a SQLite file");

        Path byUrl = directory.resolve("url.db");
        try (StudyStore store =
                StudyStore.fromEnvironment(Map.of(StudyStore.STORE_VARIABLE, "jdbc:sqlite:" + byUrl)::get)) {
            store.study("by-url", DESCRIPTION);
        }
        assertTrue(Files.isRegularFile(byUrl), "a JDBC URL is opened as such");
    }

    @Test
    void aClosedStoreSaysSo(@TempDir Path directory) {
        StudyStore durable = StudyStore.sqlite(directory.resolve("studies.db"));
        Study onDisk = durable.study("closing", DESCRIPTION);
        durable.close();
        assertMessage(
                assertThrows(StudyStoreException.class, () -> onDisk.claim(CONFIGURATION, "w", Duration.ofMinutes(1))),
                "is closed: cannot claim a trial in study 'closing'");

        StudyStore memory = StudyStore.inMemory();
        Study inMemory = memory.study("closing", DESCRIPTION);
        memory.close();
        assertMessage(
                assertThrows(StudyStoreException.class, inMemory::trials),
                "in-memory study store is closed: cannot list trials in study 'closing'");
    }
}
