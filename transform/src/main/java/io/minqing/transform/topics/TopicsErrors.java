package io.minqing.transform.topics;

import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import java.nio.file.Path;

/** The user-facing messages of the topics stage, in one place so tests can assert them. */
public final class TopicsErrors {

    private TopicsErrors() {
    }

    public static MinqingException missingStaged(Path staged) {
        return new MinqingException(ExitCode.INPUT, "No staged cases at " + staged
                + ". Run 'minqing ingest --lake DIR' first (or check --lake points at the lake folder).");
    }

    public static MinqingException noCases(Path staged) {
        return new MinqingException(ExitCode.INPUT, "The staged cases at " + staged
                + " hold no rows, so there are no topics to fit. Ingest some cases first.");
    }

    public static MinqingException tooFewCases(long n, int k) {
        return new MinqingException(ExitCode.INPUT, "Only " + n + " staged cases with text: too few to fit " + k
                + " topics (need at least " + (5 * k) + "). Lower 'topics.k' or ingest more months.");
    }

    /** Not an error: the topic marts are written empty and the run goes on (exit 0); reports show this text. */
    public static String tooFewTextsNotice(long n, int k) {
        return "No topics: only " + n + " staged cases have text that can be segmented (Chinese, or words of a script that separates them with spaces), "
                + "too few to fit " + k + " topics (at least " + (5 * k) + " are needed). The topic marts are written empty. "
                + "Lower 'topics.k' or ingest more months, or check that the profile maps a title or description column.";
    }

    public static MinqingException badStagedColumn(Path staged, String column, String want, String got) {
        return new MinqingException(ExitCode.INPUT, "The staged cases at " + staged + " do not match the data contract: column '"
                + column + "' is " + (got == null ? "missing" : got) + ", expected " + want
                + ". Run 'minqing ingest' again with this version of minqing.");
    }

    public static MinqingException damagedModel(Path file, int line, String value) {
        return new MinqingException(ExitCode.INPUT, "The saved topic model is damaged: " + file + " line " + line
                + " reads '" + abbreviate(value) + "'. Restore the folder from a backup or run 'minqing topics --refit' "
                + "to fit a new model (topic ids are then mapped from the damaged model only if it can be read).");
    }

    public static MinqingException unreadableModel(Path dir, Exception cause) {
        return new MinqingException(ExitCode.INPUT, "Cannot read the saved topic model in " + dir + ": " + cause.getMessage()
                + ". Restore the folder or delete it and run 'minqing topics --refit'.", cause);
    }

    public static MinqingException badTaxonomy(Path file, int line, String value, String why) {
        return new MinqingException(ExitCode.USAGE, "Invalid taxonomy file " + file + " line " + line + ": '"
                + abbreviate(value) + "' — " + why + ". Each line is 'topic name: seed word, seed word, …' "
                + "(see docs/topics.md).");
    }

    public static MinqingException missingTaxonomy(Path file) {
        return new MinqingException(ExitCode.USAGE, "Taxonomy file " + file + " does not exist. Give an existing file to "
                + "--taxonomy or leave the option out.");
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
