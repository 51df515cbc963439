package io.minqing.ingest.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.MinqingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How inputs are listed and named for lineage (source_file). */
class InputsTest {

    private static Path file(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "件号,内容\n1,x\n");
        return p;
    }

    private static List<String> labels(List<Path> inputs) {
        return Inputs.expand(inputs.stream().map(Path::toString).toList(), null).stream().map(Inputs.Unit::label).toList();
    }

    @Test
    void filesOfTheSameNameInSubfoldersKeepTheirPathBelowTheInputFolder(@TempDir Path dir) throws Exception {
        // every street sends an export.csv: the repeated name keeps its folder, a unique name stays a plain name
        file(dir.resolve("exports/东城街道/export.csv"));
        file(dir.resolve("exports/西城街道/export.csv"));
        file(dir.resolve("exports/2021-08/surveys.csv"));
        assertEquals(List.of("surveys.csv", "东城街道/export.csv", "西城街道/export.csv"),
                labels(List.of(dir.resolve("exports"))).stream().sorted().toList());
    }

    @Test
    void theSameFileGivenTwiceIsReadOnceAndTwoFilesOneNameAcrossInputsAreRefused(@TempDir Path dir) throws Exception {
        Path a = file(dir.resolve("a/x.csv"));
        assertEquals(List.of("x.csv"), labels(List.of(a, a, dir.resolve("a"))));
        file(dir.resolve("b/x.csv"));
        MinqingException e = assertThrows(MinqingException.class, () -> labels(List.of(dir.resolve("a"), dir.resolve("b"))));
        assertTrue(e.getMessage().contains("x.csv") && e.getMessage().contains("common folder"), e.getMessage());
        // given as one folder, each keeps its path below it
        assertEquals(List.of("a/x.csv", "b/x.csv"), labels(List.of(dir)).stream().sorted().toList());
    }
}
