package io.minqing.contract.lake;

import io.minqing.contract.Lake;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A second writer in its own process (LakeWriterTest): begins a transaction on the lake given as argument, writes
 * staged/cases/m=2/part-holder.parquet, prints "locked RUN" and waits for a line on stdin: "commit" commits and exits 0;
 * the test may also kill it instead.
 */
public final class LockHolder {

    public static void main(String[] args) throws Exception {
        try (LakeWriter w = LakeWriter.begin(new Lake(Path.of(args[0])), "ingest")) {
            Path dir = w.lake().staged("cases").resolve("m=2");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("part-holder.parquet"), "holder");
            System.out.println("locked " + w.runId());
            System.out.flush();
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if ("commit".equals(line)) {
                w.commit();
                System.out.println("committed");
            }
        }
    }
}
