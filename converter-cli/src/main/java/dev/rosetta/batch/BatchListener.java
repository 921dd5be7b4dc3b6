package dev.rosetta.batch;

/** Hears about jobs as they start and end (progress output). Called from several threads. */
interface BatchListener {
    /** A job's work begins (hashing, resume check, process start). */
    void started(JobSpec job);

    /** A job has a result. */
    void finished(JobResult result);

    /** The batch is over; a redrawn progress line is cleared. */
    void done();
}
