package dev.rosetta.batch;

import dev.rosetta.error.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a batch will do: the jobs to run, in order, and the inputs it skips with their reasons.
 *
 * @param source the manifest or folder the plan came from
 * @param out the output folder
 * @param jobs the jobs to run, in manifest or sorted-path order
 * @param skipped inputs that are not run ({@link JobStatus#SKIPPED} results with the reason)
 * @param jobsSha256 the hash of the job list (specs and skips): equal plans have equal hashes
 */
public record BatchPlan(Path source, Path out, List<JobSpec> jobs, List<JobResult> skipped, String jobsSha256) {
    /** Names in the output folder that belong to the batch itself. */
    static final Set<String> RESERVED = Set.of(StateFile.NAME, JobFiles.WORK_DIR, Reports.SUMMARY_JSON,
            Reports.SUMMARY_MD, Reports.JUNIT_XML, CoverageScan.COVERAGE_JSON, CoverageScan.COVERAGE_MD);

    public BatchPlan {
        jobs = List.copyOf(jobs);
        skipped = List.copyOf(skipped);
    }

    /**
     * A plan of these jobs, checked: ids and outputs are unique, and no output takes a name the
     * batch uses for itself.
     *
     * @throws UsageException naming the clashing jobs
     */
    static BatchPlan of(Path source, Path out, List<JobSpec> jobs, List<JobResult> skipped) {
        Map<String, String> ids = new HashMap<>();
        Map<Path, String> outputs = new HashMap<>();
        for (JobSpec j : jobs) {
            String other = outputs.put(j.output(), j.id());
            if (other != null) {
                throw new UsageException("jobs '" + other + "' and '" + j.id() + "' both write " + j.output());
            }
            if (ids.put(j.id(), j.id()) != null) {
                throw new UsageException("two jobs have the id '" + j.id() + "'; give each a distinct id");
            }
            if (j.output().startsWith(out)) {
                Path rel = out.relativize(j.output());
                if (rel.getNameCount() > 0 && RESERVED.contains(rel.getName(0).toString())) {
                    throw new UsageException("job '" + j.id() + "' would write " + j.output()
                            + ", a name the batch keeps for its own files (" + String.join(", ", RESERVED) + ")");
                }
            }
        }
        for (JobResult s : skipped) {
            if (ids.put(s.id(), s.id()) != null) {
                throw new UsageException("two entries have the id '" + s.id() + "'");
            }
        }
        List<Object> hashed = new ArrayList<>(jobs);
        for (JobResult s : skipped) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("skipped", s.id());
            m.put("reason", s.error());
            hashed.add(m);
        }
        return new BatchPlan(source, out, jobs, skipped, Hashes.sha256(BatchJson.canonical(hashed)));
    }

    /** Jobs and skipped inputs together. */
    int size() {
        return jobs.size() + skipped.size();
    }
}
