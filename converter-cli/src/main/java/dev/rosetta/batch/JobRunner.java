package dev.rosetta.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.cli.Main;
import dev.rosetta.convert.ConversionRequest;
import dev.rosetta.convert.ConversionResult;
import dev.rosetta.convert.Converter;
import dev.rosetta.error.ExitCode;
import dev.rosetta.error.RosettaException;
import dev.rosetta.formats.AtomicOutput;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One job, in its own process: converts with the {@link Converter} API, then (when asked) runs
 * {@code rosetta verify SOURCE CONVERTED} through {@link Main#run}, and writes a {@link JobOutcome}
 * to the result file. Everything the conversion and the verification print goes to standard
 * output, which the batch sends to the job's log.
 *
 * <p>Arguments: {@code SPEC.json RESULT.json VERIFY-REPORT.json PARENT-PID}. The process watches its
 * parent: when the batch dies (even by SIGKILL) the job removes its output's temporaries and halts,
 * so no orphan keeps converting into a folder a resumed batch is writing.
 */
public final class JobRunner {
    private static final long WATCH_MILLIS = 250;

    private JobRunner() {
    }

    /**
     * The child process's entry point. Exits 0 when the result file was written (whatever the
     * job's status), 70 when it could not be.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: JobRunner SPEC.json RESULT.json VERIFY-REPORT.json PARENT-PID");
            System.exit(ExitCode.USAGE.code());
        }
        JobSpec spec = BatchJson.JSON.readValue(Path.of(args[0]).toFile(), JobSpec.class);
        watchParent(Long.parseLong(args[3]), spec.output());
        PrintWriter log = new PrintWriter(System.out, true);
        JobOutcome outcome;
        try {
            outcome = run(spec, Path.of(args[2]), log);
        } catch (OutOfMemoryError e) {
            outcome = JobOutcome.failed(JobStatus.CONVERSION_ERROR, "convert", "out of memory (heap "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB); raise --memory-budget or run the job alone",
                    ExitCode.INTERNAL.code());
        }
        log.flush();
        BatchJson.write(Path.of(args[1]), outcome);
        System.exit(0);
    }

    /** Converts and verifies one job; never throws for a failure of the job itself. */
    static JobOutcome run(JobSpec spec, Path verifyReport, PrintWriter log) {
        long t0 = System.nanoTime();
        ConversionResult r;
        try {
            r = new Converter(FormatRegistry.load()).convert(new ConversionRequest(spec.input(), spec.output(),
                    spec.from(), spec.to(), FormatOptions.of(spec.readOptions()), FormatOptions.of(spec.writeOptions()),
                    spec.graph()));
        } catch (RosettaException e) {
            log.println("rosetta: " + e.getMessage());
            return JobOutcome.failed(JobStatus.of(e.exitCode()), "convert", e.getMessage(), e.exitCode().code());
        } catch (RuntimeException | StackOverflowError e) {
            e.printStackTrace(log);
            return JobOutcome.failed(JobStatus.CONVERSION_ERROR, "convert", "internal error: " + e,
                    ExitCode.INTERNAL.code());
        }
        long convertMs = (System.nanoTime() - t0) / 1_000_000;
        log.printf("Converted %s (%s) -> %s (%s): %d nodes, %d tensors in %d ms%n", spec.input(), r.sourceFormat(),
                spec.output(), r.targetFormat(), r.nodes(), r.tensors(), convertMs);
        r.log().forEach(line -> log.println("  " + line));
        JobOutcome.Conversion made = new JobOutcome.Conversion(r.nodes(), r.tensors(), r.parameterBytes());
        if (spec.verify() == null) {
            return new JobOutcome(JobStatus.OK, null, null, 0, r.sourceFormat(), r.targetFormat(), made, null,
                    convertMs, null);
        }
        long t1 = System.nanoTime();
        List<String> args = new ArrayList<>(List.of("verify", spec.input().toString(), spec.output().toString(),
                "--report", verifyReport.toString()));
        args.addAll(spec.verify().arguments());
        StringWriter errors = new StringWriter();
        log.flush();
        int code;
        try {
            Files.createDirectories(verifyReport.getParent());
            Files.deleteIfExists(verifyReport);
            code = Main.run(log, new PrintWriter(new Tee(errors, log), true), args.toArray(String[]::new));
        } catch (IOException e) {
            code = ExitCode.IO_ERROR.code();
            errors.write("rosetta: " + verifyReport + ": " + e.getMessage() + "\n");
        }
        long verifyMs = (System.nanoTime() - t1) / 1_000_000;
        JsonNode metrics = metrics(verifyReport);
        ExitCode exit = exitCode(code);
        JobStatus status = JobStatus.of(exit);
        String error = switch (status) {
            case OK -> null;
            case ACCURACY_MISMATCH -> metrics == null ? "outputs differ beyond tolerance" : mismatchLine(metrics);
            default -> firstErrorLine(errors.toString()).orElse("verification failed with exit code " + code);
        };
        return new JobOutcome(status, status == JobStatus.OK ? null : "verify", error, code, r.sourceFormat(),
                r.targetFormat(), made, metrics, convertMs, verifyMs);
    }

    /** The parity metrics of a verify report: pass, tolerance, engines and per-output numbers. */
    static JsonNode metrics(Path report) {
        if (!Files.isRegularFile(report)) {
            return null;
        }
        JsonNode r;
        try {
            r = BatchJson.JSON.readTree(report.toFile());
        } catch (IOException e) {
            return null;
        }
        ObjectNode m = BatchJson.JSON.createObjectNode();
        m.set("passed", r.path("passed"));
        m.set("tolerance", r.path("tolerance"));
        m.set("backends", r.path("backends"));
        ArrayNode outs = m.putArray("outputs");
        for (JsonNode o : r.path("outputs")) {
            ObjectNode x = outs.addObject();
            for (String k : List.of("name", "passed", "elements", "mismatches", "max_abs", "max_rel", "mean_abs",
                    "cosine", "top1_agreement", "reason")) {
                x.set(k, o.path(k).isMissingNode() ? null : o.get(k));
            }
        }
        m.set("first_divergence", r.path("first_divergence").isMissingNode() ? null : r.get("first_divergence"));
        m.put("report", report.toString());
        return m;
    }

    /** One line naming the outputs beyond tolerance and by how much. */
    static String mismatchLine(JsonNode metrics) {
        List<String> parts = new ArrayList<>();
        int total = 0;
        for (JsonNode o : metrics.path("outputs")) {
            total++;
            if (o.path("passed").asBoolean(true)) {
                continue;
            }
            String detail = o.path("reason").isTextual() ? o.get("reason").asText()
                    : String.format(Locale.ROOT, "max_abs %.3g, max_rel %.3g, %d of %d elements beyond tolerance",
                    o.path("max_abs").asDouble(Double.NaN), o.path("max_rel").asDouble(Double.NaN),
                    o.path("mismatches").asLong(), o.path("elements").asLong());
            parts.add("'" + o.path("name").asText() + "': " + detail);
        }
        JsonNode tol = metrics.path("tolerance");
        return parts.size() + " of " + total + " output(s) beyond tolerance (rtol " + tol.path("rtol").asText()
                + ", atol " + tol.path("atol").asText() + "): " + String.join("; ", parts);
    }

    private static ExitCode exitCode(int code) {
        for (ExitCode c : ExitCode.values()) {
            if (c.code() == code) {
                return c;
            }
        }
        return ExitCode.INTERNAL;
    }

    private static Optional<String> firstErrorLine(String err) {
        return err.lines().filter(l -> l.startsWith("rosetta: ")).map(l -> l.substring("rosetta: ".length()))
                .findFirst();
    }

    /**
     * Halts this process soon after the batch that started it is gone, removing the temporaries
     * of its output first.
     */
    private static void watchParent(long parentPid, Path output) {
        Thread t = new Thread(() -> {
            Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
            while (parent.isPresent() && parent.get().isAlive()) {
                try {
                    Thread.sleep(WATCH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Path abs = output.toAbsolutePath();
            if (abs.getParent() != null) {
                AtomicOutput.cleanStaleTemporaries(abs.getParent(), abs.getFileName().toString());
            }
            Runtime.getRuntime().halt(137);
        }, "rosetta-batch-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    /** Writes to two writers. */
    private static final class Tee extends Writer {
        private final Writer a;
        private final Writer b;

        Tee(Writer a, Writer b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            a.write(cbuf, off, len);
            b.write(cbuf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
