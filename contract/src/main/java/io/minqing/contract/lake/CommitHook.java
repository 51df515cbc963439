package io.minqing.contract.lake;

import java.io.IOException;

/**
 * A test seam of {@link LakeWriter}: called at each step of a write transaction, it may throw to abort the run there
 * ({@link Crash} stands for {@code kill -9}: the writer then leaves every file exactly as it is, as a killed process
 * would, and only the operating system's release of the lock is imitated). Production code uses {@link #NONE}.
 */
@FunctionalInterface
public interface CommitHook {

    CommitHook NONE = step -> { };

    /** The steps of a write transaction, in order (docs/lake.md, "Commit protocol"). */
    enum Step {
        /** The lock is held, orphans of crashed runs are cleaned and the base snapshot is resolved. */
        LOCKED,
        /** The new snapshot folder exists, filled with hard links (or copies) of the base snapshot's files. */
        PREPARED,
        /** The job has run and written into the new snapshot; nothing is visible yet. */
        JOB_DONE,
        /** Every file of the new snapshot and its manifest are on disk (fsync). */
        FLUSHED,
        /** CURRENT.tmp holds the new pointer, on disk; CURRENT still names the base. */
        POINTER_WRITTEN,
        /** CURRENT.tmp has been renamed over CURRENT: the commit point. The new snapshot is now the lake. */
        COMMITTED,
        /** The convenience link lake/current points at the new snapshot. */
        LINKED,
        /** Snapshots older than the kept ones are deleted. */
        PRUNED
    }

    void at(Step step) throws IOException;

    /** Thrown by a test hook to stand for the process being killed at a step. */
    final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        public Crash(Step step) {
            super("simulated kill -9 at " + step);
        }
    }
}
