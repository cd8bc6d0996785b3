package dev.dspj.testing.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL server for tests: a fresh cluster in a temporary directory, listening on
 * 127.0.0.1 only at a free port, user {@value #USER} trusted without a password; stopped and
 * deleted on {@link #close()}.
 *
 * <p>The server binaries ({@code initdb}, {@code pg_ctl}, {@code postgres}) are looked up on the
 * {@code PATH}, in {@code /usr/lib/postgresql/<version>/bin} (Debian's {@code postgresql}
 * package, newest first) and in {@code /usr/local/bin}. PostgreSQL refuses to run as root, so
 * under root they run as the {@code postgres} user (created by that package).
 *
 * <p>Tests call {@link #shared()}, which starts one server for the whole test JVM and stops it at
 * exit. Without the binaries those tests are skipped with a message saying what to install;
 * under CI ({@code CI=true}), which installs them, they fail instead.
 */
public final class PostgresServer implements AutoCloseable {

    /** The superuser of the cluster; connections as this user need no password. */
    public static final String USER = "dspj";

    private static final String SERVER_USER_WHEN_ROOT = "postgres";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;
    private static final int START_ATTEMPTS = 3;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;
    private static String sharedUnavailable;
    /** Why the shared server could not start; each later caller gets a fresh exception saying so. */
    private static String sharedFailure;

    private final Path binaries;
    private final Path directory;
    private final Path data;
    private final List<String> runAs;
    private final int port;
    private boolean stopped;

    private PostgresServer(Path binaries, Path directory, List<String> runAs, int port) {
        this.binaries = binaries;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.runAs = runAs;
        this.port = port;
    }

    /**
     * The server shared by every test in this JVM, started on first use and stopped at exit. Skips
     * the calling test (a JUnit assumption) when PostgreSQL is not installed, unless {@code CI=true}.
     *
     * @return the running server
     */
    public static synchronized PostgresServer shared() {
        if (sharedFailure != null) {
            throw new IllegalStateException(sharedFailure);
        }
        if (shared == null && sharedUnavailable == null) {
            Optional<Path> binaries = findBinaries();
            if (binaries.isEmpty()) {
                sharedUnavailable =
                        "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on the PATH, in "
                                + "/usr/lib/postgresql/*/bin or in /usr/local/bin; install Debian's postgresql package "
                                + "(.ci/run does) to run the PostgreSQL tests";
            } else {
                try {
                    shared = start(binaries.get());
                } catch (IOException e) {
                    sharedFailure =
                            "cannot start the test PostgreSQL server from " + binaries.get() + ": " + e.getMessage();
                    throw new UncheckedIOException(sharedFailure, e);
                }
                PostgresServer server = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dspj-test-postgres-stop"));
            }
        }
        if (shared == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(sharedUnavailable + " (CI=true, so this is an error rather than a skip)");
            }
            Assumptions.abort(sharedUnavailable);
        }
        return shared;
    }

    /**
     * The directory holding {@code initdb}, {@code pg_ctl} and {@code postgres}.
     *
     * @return the directory, or empty when PostgreSQL is not installed
     */
    public static Optional<Path> findBinaries() {
        List<Path> candidates = new ArrayList<>();
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator, -1)) {
            if (!entry.isBlank()) {
                candidates.add(Path.of(entry));
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.sorted(Comparator.comparing(PostgresServer::majorVersion)
                                .reversed())
                        .forEach(version -> candidates.add(version.resolve("bin")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + debian, e);
            }
        }
        candidates.add(Path.of("/usr/local/bin"));
        return candidates.stream()
                .filter(dir -> Stream.of("initdb", "pg_ctl", "postgres")
                        .allMatch(name -> Files.isExecutable(dir.resolve(name))))
                .map(dir -> dir.resolve("pg_ctl"))
                .map(PostgresServer::realDirectory)
                .findFirst();
    }

    /**
     * Creates a cluster in a new temporary directory and starts it.
     *
     * @param binaries the directory of {@code initdb} and {@code pg_ctl}
     * @return the running server
     * @throws IOException when the cluster cannot be created or the server does not start
     */
    public static PostgresServer start(Path binaries) throws IOException {
        List<String> runAs = runAsPrefix();
        Path directory = Files.createTempDirectory("dspj-pg-");
        try {
            if (!runAs.isEmpty()) {
                UserPrincipal owner = directory
                        .getFileSystem()
                        .getUserPrincipalLookupService()
                        .lookupPrincipalByName(SERVER_USER_WHEN_ROOT);
                Files.setOwner(directory, owner);
            }
            PostgresServer cluster = new PostgresServer(binaries, directory, runAs, 0);
            cluster.run(
                    "initdb",
                    List.of(
                            binaries.resolve("initdb").toString(),
                            "-D",
                            cluster.data.toString(),
                            "-U",
                            USER,
                            "--auth=trust",
                            "-E",
                            "UTF8",
                            "--no-locale",
                            "--no-sync"));
            IOException last = null;
            for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
                PostgresServer server = new PostgresServer(binaries, directory, runAs, freeLoopbackPort());
                try {
                    server.startServer();
                    return server;
                } catch (IOException e) {
                    last = e;
                }
            }
            throw last;
        } catch (IOException | RuntimeException e) {
            deleteRecursively(directory);
            throw e;
        }
    }

    /**
     * The port the server listens on at 127.0.0.1.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The JDBC URL of a database on this server, as user {@value #USER}.
     *
     * @param database the database name
     * @return the URL
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    /**
     * Creates an empty database with a name not used before in this JVM.
     *
     * @param prefix the start of the name: lowercase letters, digits and underscores
     * @return the JDBC URL of the new database
     */
    public String createDatabase(String prefix) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create database " + name + " on the test PostgreSQL server at port " + port + ": "
                            + e.getMessage(),
                    e);
        }
        return jdbcUrl(name);
    }

    /** Stops the server at once and deletes its directory. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            run(
                    "pg_ctl stop",
                    List.of(
                            binaries.resolve("pg_ctl").toString(),
                            "-D",
                            data.toString(),
                            "-m",
                            "immediate",
                            "-w",
                            "stop"));
        } catch (IOException e) {
            System.err.println("the test PostgreSQL server in " + directory + " did not stop: " + e.getMessage());
        } finally {
            deleteRecursively(directory);
        }
    }

    private void startServer() throws IOException {
        String options = String.join(
                " ",
                "-c listen_addresses=127.0.0.1",
                "-p " + port,
                "-k " + directory,
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=200");
        try {
            run(
                    "pg_ctl start",
                    List.of(
                            binaries.resolve("pg_ctl").toString(),
                            "-D",
                            data.toString(),
                            "-l",
                            directory.resolve("server.log").toString(),
                            "-o",
                            options,
                            "-w",
                            "-t",
                            "60",
                            "start"));
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "\nserver log:\n" + tail(directory.resolve("server.log")), e);
        }
    }

    /** Runs a server command (as the server user under root) and fails with its output when it fails. */
    private void run(String what, List<String> command) throws IOException {
        List<String> full = new ArrayList<>(runAs);
        if (!runAs.isEmpty() && runAs.get(0).equals("su")) {
            full.add(command.stream().map(PostgresServer::shellQuote).collect(Collectors.joining(" ")));
        } else {
            full.addAll(command);
        }
        Path output = Files.createTempFile("dspj-pg-command-", ".log");
        try {
            Process process = new ProcessBuilder(full)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(what + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s: " + full);
            }
            if (process.exitValue() != 0) {
                throw new IOException(what + " exited with " + process.exitValue() + ": " + full + "\n" + tail(output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " was interrupted", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Under root, how to run a command as the server user; otherwise nothing. */
    private static List<String> runAsPrefix() throws IOException {
        if (!isRoot()) {
            return List.of();
        }
        try {
            Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVER_USER_WHEN_ROOT);
        } catch (IOException e) {
            throw new IOException(
                    "running as root, PostgreSQL must run as the user '" + SERVER_USER_WHEN_ROOT
                            + "', which does not exist (Debian's postgresql package creates it)",
                    e);
        }
        for (String directory : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(directory, "runuser"))) {
                return List.of(directory + "/runuser", "-u", SERVER_USER_WHEN_ROOT, "--");
            }
        }
        return List.of("su", SERVER_USER_WHEN_ROOT, "-s", "/bin/sh", "-c");
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Path realDirectory(Path executable) {
        try {
            return executable.toRealPath().getParent();
        } catch (IOException e) {
            return executable.getParent();
        }
    }

    private static int majorVersion(Path versionDirectory) {
        try {
            return Integer.parseInt(versionDirectory.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String shellQuote(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
                for (Path child : children) {
                    deleteRecursively(child);
                }
            } catch (IOException e) {
                System.err.println("cannot list " + path + " to delete it: " + e.getMessage());
            }
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            System.err.println("cannot delete " + path + ": " + e.getMessage());
        }
    }
}
