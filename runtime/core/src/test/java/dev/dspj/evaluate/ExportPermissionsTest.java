package dev.dspj.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dspj.lm.usage.ModelUsage;
import java.math.BigDecimal;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports get the permissions {@code Files.write} gives a new file (the default less the umask),
 * as saved programs do, not {@code createTempFile}'s owner-only {@code rw-------}.
 */
class ExportPermissionsTest {

    @Test
    void jsonAndCsvAreWrittenLikeFilesWrite(@TempDir Path directory) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path reference = Files.write(directory.resolve("reference.txt"), new byte[] {1});
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
        assumeTrue(
                expected.contains(PosixFilePermission.GROUP_READ) || expected.contains(PosixFilePermission.OTHERS_READ),
                "a umask that lets others read new files, so the difference shows");
        EvaluationResult result = new EvaluationResult(
                List.of(), new ModelUsage("none", 0, 0, 0, 0, 0, BigDecimal.ZERO), Duration.ZERO, null, "exact");

        Path json = directory.resolve("out/eval.json");
        Path csv = directory.resolve("out/eval.csv");
        result.writeJson(json);
        result.writeCsv(csv);
        result.writeJson(json);

        assertEquals(expected, Files.getPosixFilePermissions(json), "eval.json");
        assertEquals(expected, Files.getPosixFilePermissions(csv), "eval.csv");
        try (var listing = Files.list(json.getParent())) {
            assertTrue(listing.allMatch(p -> p.equals(json) || p.equals(csv)), "no temporary file left behind");
        }
    }
}
