package dev.rosetta.fuzz;

import dev.rosetta.error.ExitCode;
import dev.rosetta.error.RosettaException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The allowed-outcome oracle for hostile input: a read either succeeds, giving a model whose
 * tensors can be touched and which closes cleanly, or fails with a typed
 * {@link RosettaException} that is not an internal error (see {@link #allowed}; {@link #STRICT}
 * narrows it to malformed or unsupported input). Anything else is a
 * finding and surfaces as a {@link ReaderFinding}: an {@link OutOfMemoryError}, a
 * {@link StackOverflowError}, an index, cast, null-pointer or argument exception, a checked
 * exception (an {@link java.io.IOException} means exit 5, "I/O error", for a file that was perfectly
 * readable), or a read that runs past {@link #TIME_LIMIT_SECONDS}.
 *
 * <p>Reads run on one worker thread with a 1 MiB stack (the JVM's default for threads, which is what
 * the {@code rosetta} command gets), so that a hang is reported instead of stalling the fuzzer and a
 * stack overflow is judged at a realistic depth. The worker is reused between executions.
 */
final class ReadOracle {
    /** A read slower than this is a finding. */
    static final long TIME_LIMIT_SECONDS = 10;
    private static final long STACK_BYTES = 1L << 20;

    /** Replaced after a hang, so that the next read does not queue behind the stuck one. */
    private static ExecutorService worker = newWorker();

    private ReadOracle() {
    }

    /** Reads {@code file} with {@code provider} and judges the outcome; returns normally when it is allowed. */
    static void check(FormatProvider provider, Path file) {
        check(provider, file, FormatOptions.none());
    }

    /** As {@link #check(FormatProvider, Path)}, with read options. */
    static synchronized void check(FormatProvider provider, Path file, FormatOptions options) {
        Future<Throwable> run = worker.submit(() -> readOnce(provider, file, options));
        Throwable problem;
        try {
            problem = run.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            StackTraceElement[] where = stackOfWorker();
            run.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            ReaderFinding f = new ReaderFinding(provider.name() + " read of " + file + " took longer than "
                    + TIME_LIMIT_SECONDS + " s");
            f.setStackTrace(where);
            throw f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a read", e);
        } catch (ExecutionException e) {
            problem = e.getCause();
        }
        if (problem != null) {
            throw new ReaderFinding(provider.name() + " read of " + file + " ended with " + problem, problem);
        }
    }

    /** Runs one read on the worker; returns the disallowed outcome, or {@code null}. */
    private static Throwable readOnce(FormatProvider provider, Path file, FormatOptions options) {
        try (Model model = provider.read(file, options)) {
            touch(model);
            return null;
        } catch (RosettaException e) {
            return allowed(e) ? null : e;
        } catch (Throwable t) { // every other outcome is the finding
            return t;
        }
    }

    /**
     * With {@code -Drosetta.fuzz.strict=true}, a typed error must also say what a hostile file is:
     * malformed input (exit 4) or unsupported content (exit 3); a usage error (2) or an I/O error (5:
     * "permission denied, disk full") for a readable file then counts as a finding, since it misreports
     * a content problem. Off by default: the contract of issue 11 is "a typed error".
     */
    static final boolean STRICT = Boolean.getBoolean("rosetta.fuzz.strict");

    /** Whether a typed error is an allowed outcome: any but an internal error (70), see {@link #STRICT}. */
    static boolean allowed(RosettaException e) {
        ExitCode code = e.exitCode();
        if (code == ExitCode.INTERNAL) {
            return false;
        }
        return !STRICT || code == ExitCode.MALFORMED_INPUT || code == ExitCode.UNSUPPORTED;
    }

    /**
     * Uses what a caller of a successful read would use: every constant tensor's first and last byte
     * (a view of a file region that lies outside the file, or of a closed mapping, fails here) and
     * the graph's description.
     */
    private static void touch(Model model) {
        for (Value v : model.graph().initializers()) {
            Tensor t = v.constant();
            if (t == null) {
                continue;
            }
            long n = t.data().byteSize();
            if (n != Math.multiplyExact(t.elementCount(), (long) t.dtype().byteSize())) {
                throw new AssertionError("tensor '" + v.name() + "' has " + n + " bytes for " + t);
            }
            if (n > 0) {
                t.data().get(ValueLayout.JAVA_BYTE, 0);
                t.data().get(ValueLayout.JAVA_BYTE, n - 1);
            }
        }
        String unused = model.graph().toString();
        if (unused == null) {
            throw new AssertionError("graph without a description");
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "fuzz-reader", STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
    }

    private static StackTraceElement[] stackOfWorker() {
        for (var e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().equals("fuzz-reader")) {
                return e.getValue();
            }
        }
        return new StackTraceElement[0];
    }

    /** A disallowed outcome of a read. */
    static final class ReaderFinding extends AssertionError {
        private static final long serialVersionUID = 1L;

        ReaderFinding(String message) {
            super(message);
        }

        ReaderFinding(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
