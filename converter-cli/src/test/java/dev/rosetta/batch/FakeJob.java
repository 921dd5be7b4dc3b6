package dev.rosetta.batch;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for {@link JobRunner} in runner tests, picked by the input's file name: {@code ok*}
 * writes an ok outcome and its output, {@code hang*} sleeps until killed, {@code crash*} exits 3
 * without a result.
 */
public final class FakeJob {
    private FakeJob() {
    }

    public static void main(String[] args) throws Exception {
        JobSpec spec = BatchJson.JSON.readValue(Path.of(args[0]).toFile(), JobSpec.class);
        String name = spec.input().getFileName().toString();
        System.out.println("fake job " + spec.id() + " pid " + ProcessHandle.current().pid());
        if (name.startsWith("hang")) {
            Thread.sleep(600_000);
        } else if (name.startsWith("crash")) {
            System.exit(3);
        }
        Files.createDirectories(spec.output().getParent());
        Files.writeString(spec.output(), "converted " + name);
        BatchJson.write(Path.of(args[1]), new JobOutcome(JobStatus.OK, null, null, 0, "fake", spec.to(),
                new JobOutcome.Conversion(1, 1, 4), null, 1L, null));
    }
}
