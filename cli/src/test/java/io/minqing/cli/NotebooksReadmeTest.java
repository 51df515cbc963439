package io.minqing.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minqing.notebooks.DataDictionary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * notebooks-data/README.md is the one generated file kept in git: it must be what {@code minqing export} writes for
 * the current mart schemas, so a schema change without a refreshed data dictionary fails here.
 * Refresh it with {@code make run} (or {@code minqing export}).
 */
class NotebooksReadmeTest {

    @Test
    void committedDataDictionaryMatchesTheMarts() throws Exception {
        Path readme = Path.of("..", "notebooks-data", "README.md");
        assertEquals(DataDictionary.render(ExportCommand.TABLES), Files.readString(readme, StandardCharsets.UTF_8),
                "notebooks-data/README.md is out of date: run 'make run' (or minqing export) and commit it");
    }
}
