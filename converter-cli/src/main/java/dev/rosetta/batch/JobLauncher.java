package dev.rosetta.batch;

import java.io.IOException;

/**
 * Starts the process that runs one job. The process reads {@link JobFiles#spec()}, writes
 * {@link JobFiles#result()} and sends its output to {@link JobFiles#log()}; the batch waits for it,
 * stops it at its timeout, and kills it on Ctrl-C.
 */
@FunctionalInterface
public interface JobLauncher {
    /**
     * Starts the job's process.
     *
     * @param files the job's working files
     * @param heapBytes the heap the job is allowed (its share of the memory budget)
     * @throws IOException when the process cannot be started
     */
    Process launch(JobFiles files, long heapBytes) throws IOException;
}
