package dev.rosetta.cli;

import dev.rosetta.batch.Batch;
import dev.rosetta.batch.BatchOptions;
import dev.rosetta.batch.FailOn;
import dev.rosetta.error.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rosetta batch (MANIFEST|DIR) --out DIR}: converts many models, each in its own process,
 * in parallel under a memory budget; writes {@code summary.json}, {@code summary.md} and
 * {@code junit.xml} in {@code --out}; {@code --resume} continues an interrupted batch;
 * {@code --dry-run} lists what is unsupported. Contract: {@code docs/batch.md}.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, description = {"Convert every model of a manifest (JSON or YAML) or a folder, in parallel; "
        + "verify each with --verify; write summary.json, summary.md and junit.xml in --out.",
    "Exit 0 when no job fails under --fail-on; otherwise 4 (a conversion error or timeout), 3 (an unsupported "
        + "model) or 1 (an accuracy mismatch). See docs/batch.md."})
public final class BatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MANIFEST|DIR",
            description = "A manifest (.json, .yaml) listing jobs, or a folder whose model files are all converted.")
    Path source;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR",
            description = "Output folder: converted models, state file, reports.")
    Path out;

    @Option(names = "--to", paramLabel = "FORMAT",
            description = "Target format (needed for a folder; the default for manifest jobs that name none).")
    String to;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Jobs at once (default: the number of cores).")
    Integer jobs;

    @Option(names = "--verify", description = "Verify every job on real engines (a manifest job may say verify: false).")
    boolean verify;

    @Option(names = "--shape", paramLabel = "NAME=DIMS",
            description = "With --verify: the shape of an input with dynamic dimensions, e.g. input=1x3x224x224 "
                    + "(repeatable; a manifest's shapes override it).")
    List<String> shapes = new ArrayList<>();

    @Option(names = "--resume", description = "Keep the results of jobs the state file shows done and unchanged.")
    boolean resume;

    @Option(names = "--fail-on", paramLabel = "conversion|mismatch|never", defaultValue = "mismatch",
            description = "Which job failures make the exit code non-zero (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = "--dry-run", description = "Read every model and list unsupported ops and layers; convert nothing.")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "" + BatchOptions.DEFAULT_TIMEOUT_SECONDS,
            description = "Stop a job after this long; 0 for no limit (default: ${DEFAULT-VALUE}).")
    long timeout;

    @Option(names = "--memory-budget", paramLabel = "SIZE",
            description = "Memory the running jobs may use together, e.g. 8g (default: 3/4 of physical memory).")
    String memoryBudget;

    @Option(names = "--include", paramLabel = "GLOB", description = "Folder: convert only files matching (repeatable).")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Folder: leave out files matching (repeatable).")
    List<String> exclude = new ArrayList<>();

    @Override
    public Integer call() {
        BatchOptions.Builder b = BatchOptions.builder(source, out)
                .to(to).verify(verify).shapes(shapeMap()).resume(resume).failOn(FailOn.parse(failOn)).dryRun(dryRun)
                .timeoutSeconds(timeout).include(include).exclude(exclude)
                .toolVersion(VersionProvider.version())
                .terminal(System.console() != null && System.console().isTerminal());
        if (jobs != null) {
            b.jobs(jobs);
        }
        if (memoryBudget != null) {
            b.memoryBudget(parseSize(memoryBudget));
        }
        Batch batch = new Batch(b.build(), spec.commandLine().getOut(), spec.commandLine().getErr());
        Thread onCtrlC = new Thread(batch::interrupt, "rosetta-batch-interrupt");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            return batch.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException e) {
                // the JVM is shutting down (Ctrl-C): the hook is running
            }
        }
    }

    private Map<String, String> shapeMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : shapes) {
            int eq = s.indexOf('=');
            String dims = eq > 0 ? s.substring(eq + 1).toLowerCase(Locale.ROOT).replace(',', 'x') : "";
            if (eq <= 0 || !dims.matches("\\d+(x\\d+)*")) {
                throw new UsageException("--shape " + s + ": expected NAME=DIMS, e.g. input=1x3x224x224");
            }
            m.put(s.substring(0, eq), dims);
        }
        return m;
    }

    /** {@code 512m}, {@code 8g}, {@code 8GiB}, {@code 1073741824}: a size in bytes. */
    static long parseSize(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replaceAll("i?b$", "");
        long unit = 1;
        if (!t.isEmpty() && "kmgt".indexOf(t.charAt(t.length() - 1)) >= 0) {
            unit = 1L << (10 * (1 + "kmgt".indexOf(t.charAt(t.length() - 1))));
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t.trim());
            if (v <= 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return (long) (v * unit);
        } catch (NumberFormatException e) {
            throw new UsageException("--memory-budget " + s + ": expected a size such as 512m or 8g");
        }
    }
}
