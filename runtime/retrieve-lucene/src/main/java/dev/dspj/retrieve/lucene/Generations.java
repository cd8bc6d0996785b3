package dev.dspj.retrieve.lucene;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk layout every index of this package shares, and its atomic builds: an index directory
 * holds generations ({@code gen-1}, {@code gen-2}, ...) and a {@code CURRENT} file naming the one in
 * use. A build writes a new generation into a temporary directory beside them ({@code
 * .building-<uuid>}), renames it to its generation's name, and only then replaces {@code CURRENT}
 * with an atomic move, under a lock file ({@code .build.lock}). A build that fails or is killed
 * before that move leaves the previous index as it was; its temporary directory is deleted when the
 * build fails, and by the next build when the process died.
 */
final class Generations {

    /** The file naming the generation in use. */
    static final String CURRENT = "CURRENT";

    static final String LOCK = ".build.lock";
    static final String BUILDING = ".building-";
    static final String GENERATION = "gen-";

    private static final Pattern GENERATION_NAME = Pattern.compile("gen-(\\d+)");
    private static final Logger LOG = LoggerFactory.getLogger(Generations.class);

    /** Writes a generation's files into an empty directory. */
    @FunctionalInterface
    interface Writer {
        void write(Path temporary) throws IOException;
    }

    private Generations() {}

    /**
     * Makes the index directory, absolute and normalized, creating it when missing.
     *
     * @param indexDir the index's directory
     * @return its absolute path
     */
    static Path createRoot(Path indexDir) {
        Objects.requireNonNull(indexDir, "indexDir");
        Path root = indexDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IndexException("cannot create the index directory " + root + ": " + e, e);
        }
        return root;
    }

    /**
     * Builds a new generation under the build lock and makes it current, then deletes the others.
     *
     * @param root the index's directory, from {@link #createRoot}
     * @param writer writes the generation's files into the (existing, empty) temporary directory
     * @return the new generation's name
     */
    static String build(Path root, Writer writer) {
        String generation;
        try (BuildLock lock = BuildLock.take(root)) {
            sweepLeftovers(root);
            Path temporary = root.resolve(BUILDING + UUID.randomUUID());
            try {
                Files.createDirectory(temporary);
                writer.write(temporary);
                generation = GENERATION + (lastGeneration(root) + 1);
                Files.move(temporary, root.resolve(generation), StandardCopyOption.ATOMIC_MOVE);
                switchCurrent(root, generation);
            } catch (IOException e) {
                throw new IndexException("cannot build the index at " + root + ": " + e, e);
            } finally {
                deleteQuietly(temporary);
            }
            deleteOtherGenerations(root, generation);
        }
        return generation;
    }

    /**
     * The directory of the generation in use, checked.
     *
     * @param indexDir the index's directory
     * @param builder how to build one, for the message when there is none ({@code Bm25Index.build})
     * @return the index's absolute directory and its current generation
     */
    static Current current(Path indexDir, String builder) {
        Objects.requireNonNull(indexDir, "indexDir");
        Path root = indexDir.toAbsolutePath().normalize();
        if (!Files.exists(root)) {
            throw new IndexException(
                    "no index at " + root + ": the directory does not exist (build one with " + builder + ")");
        }
        if (!Files.isDirectory(root)) {
            throw new IndexException("no index at " + root + ": it is a file, not an index directory");
        }
        String generation = readCurrent(root, builder);
        Path generationDir = root.resolve(generation);
        if (!Files.isDirectory(generationDir)) {
            throw new IndexException("the index at " + root + " is damaged: " + CURRENT + " names " + generation
                    + ", which does not exist");
        }
        return new Current(root, generation);
    }

    /**
     * An index directory and its generation in use.
     *
     * @param root the index's directory
     * @param generation the generation's name
     */
    record Current(Path root, String generation) {
        Path directory() {
            return root.resolve(generation);
        }
    }

    static String readCurrent(Path root, String builder) {
        Path current = root.resolve(CURRENT);
        String generation;
        try {
            generation = Files.readString(current, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            throw new IndexException(
                    "no index at " + root + ": it has no " + CURRENT + " file (build one with " + builder + ")", e);
        } catch (IOException e) {
            throw new IndexException("cannot read " + current + ": " + e, e);
        }
        if (!GENERATION_NAME.matcher(generation).matches()) {
            throw new IndexException("the index at " + root + " is damaged: " + CURRENT + " holds '" + generation
                    + "', not a generation's name");
        }
        return generation;
    }

    /**
     * The error of a failed read: "corrupt" for the errors of a damaged index, naming how to rebuild.
     *
     * @param action what failed ("open", "search")
     * @param generationDir the generation read
     * @param builder how to rebuild it
     * @param e the error
     * @return the exception to throw
     */
    static IndexException readFailure(String action, Path generationDir, String builder, IOException e) {
        if (e instanceof CorruptIndexException
                || e instanceof EOFException
                || e instanceof IndexNotFoundException
                || e instanceof IndexFormatTooOldException
                || e instanceof IndexFormatTooNewException
                || e instanceof NoSuchFileException) {
            return new IndexException(
                    "the index at " + generationDir + " is corrupt (" + e.getMessage() + "): rebuild it with "
                            + builder,
                    e);
        }
        return new IndexException("cannot " + action + " the index at " + generationDir + ": " + e, e);
    }

    private static void switchCurrent(Path root, String generation) throws IOException {
        Path next = root.resolve("." + CURRENT + "-" + UUID.randomUUID() + ".tmp");
        try (FileChannel channel = FileChannel.open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap((generation + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(next, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        IOUtils.fsync(root, true);
    }

    private static long lastGeneration(Path root) throws IOException {
        long last = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                Matcher matcher = GENERATION_NAME.matcher(String.valueOf(entry.getFileName()));
                if (matcher.matches()) {
                    last = Math.max(last, Long.parseLong(matcher.group(1)));
                }
            }
        }
        return last;
    }

    /** Deletes what builds that died left behind: their temporary directories and pointer files. */
    private static void sweepLeftovers(Path root) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = String.valueOf(entry.getFileName());
                if (name.startsWith(BUILDING) || (name.startsWith("." + CURRENT + "-") && name.endsWith(".tmp"))) {
                    LOG.info("deleting {}, left by a build of {} that did not finish", name, root);
                    deleteQuietly(entry);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {} to delete what unfinished builds left: {}", root, e.toString());
        }
    }

    private static void deleteOtherGenerations(Path root, String keep) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = String.valueOf(entry.getFileName());
                if (GENERATION_NAME.matcher(name).matches() && !name.equals(keep)) {
                    deleteQuietly(entry);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {} to delete its earlier generations: {}", root, e.toString());
        }
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path entry : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete {}: {}", path, e.toString());
        }
    }

    static void closeQuietly(Directory directory) {
        try {
            directory.close();
        } catch (IOException e) {
            LOG.debug("closing {}", directory, e);
        }
    }

    /** The lock file of builds and adds of one index directory. */
    static final class BuildLock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private BuildLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        static BuildLock take(Path root) {
            Path file = root.resolve(LOCK);
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new IndexException("cannot open the lock file " + file + ": " + e, e);
            }
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException | IOException e) {
                lock = null;
            }
            if (lock == null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.debug("closing {}", file, e);
                }
                throw new IndexException(
                        "another build or add of the index at " + root + " is running (" + file + " is locked)");
            }
            return new BuildLock(channel, lock);
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                LOG.debug("releasing the build lock", e);
            }
        }
    }
}
