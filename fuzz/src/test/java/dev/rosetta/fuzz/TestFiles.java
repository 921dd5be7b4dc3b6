package dev.rosetta.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Where the test inputs live, and small file utilities shared by the tests. */
final class TestFiles {
    private TestFiles() {
    }

    /** The repository root (system property {@code rosetta.root}, else found from the working folder). */
    static Path root() {
        String p = System.getProperty("rosetta.root");
        if (p != null && Files.isDirectory(Path.of(p, "golden-models"))) {
            return Path.of(p).toAbsolutePath().normalize();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("golden-models")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("cannot find the repository root (no golden-models/ above "
                + Path.of("").toAbsolutePath() + "); set -Drosetta.root");
    }

    /** The golden models folder. */
    static Path golden() {
        String p = System.getProperty("rosetta.golden");
        return p != null && Files.isDirectory(Path.of(p)) ? Path.of(p).toAbsolutePath().normalize()
                : root().resolve("golden-models");
    }

    /** The shared corpus, which may be absent. */
    static Path corpus() {
        String p = System.getProperty("rosetta.corpus");
        return p != null ? Path.of(p).toAbsolutePath().normalize() : root().resolveSibling("shared").resolve("corpus");
    }

    /** The command line of a child JVM with this test's class path. */
    static List<String> javaCommand(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** SHA-256 of a file, in hex. */
    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The names in a folder, sorted. */
    static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a file or folder tree, ignoring failures. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
