package dev.rosetta.batch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs each job in a child JVM: the {@code java} of this JVM, this JVM's class path, {@link JobRunner}
 * as the main class, {@code -Xmx} set to the job's heap. A child process can be stopped at any
 * moment without leaving a stuck thread or a leaked native engine behind, and its memory is its own.
 *
 * <p>Extra JVM options come from the environment variable {@code ROSETTA_JAVA_OPTS} (the same the
 * {@code scripts/rosetta} launcher reads), after the batch's own, so they win.
 */
public final class JvmJobLauncher implements JobLauncher {
    private final Path java;
    private final String classPath;
    private final List<String> jvmOptions;

    /**
     * A launcher of JVMs.
     *
     * @param java the {@code java} executable
     * @param classPath the class path holding Rosetta
     * @param jvmOptions options placed before the main class
     */
    public JvmJobLauncher(Path java, String classPath, List<String> jvmOptions) {
        this.java = java;
        this.classPath = classPath;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** A launcher of JVMs like this one: same {@code java}, same class path (made absolute). */
    public static JvmJobLauncher current() {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cp = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                cp.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        List<String> opts = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xshare:auto"));
        String env = System.getenv("ROSETTA_JAVA_OPTS");
        if (env != null && !env.isBlank()) {
            opts.addAll(List.of(env.trim().split("\\s+")));
        }
        return new JvmJobLauncher(javaBin, String.join(File.pathSeparator, cp), opts);
    }

    @Override
    public Process launch(JobFiles files, long heapBytes) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("-Xmx" + Math.max(64, heapBytes >> 20) + "m");
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath, JobRunner.class.getName(), files.spec().toString(),
                files.result().toString(), files.verifyReport().toString(),
                Long.toString(ProcessHandle.current().pid())));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(files.log().toFile()))
                .start();
        p.getOutputStream().close();
        return p;
    }
}
