package dev.rosetta.formats.keras;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates the shared corpus ({@code rosetta.corpus}) and its Keras files. */
final class Corpus {
    private Corpus() {
    }

    /** {@code <corpus>/keras-h5}, or {@code null} when the corpus is absent. */
    static Path kerasDir() {
        String p = System.getProperty("rosetta.corpus");
        if (p == null) {
            Path guess = Path.of("../../../shared/corpus");
            p = Files.isDirectory(guess) ? guess.toString() : null;
        }
        if (p == null) {
            return null;
        }
        Path dir = Path.of(p).resolve("keras-h5");
        return Files.isDirectory(dir) ? dir.toAbsolutePath().normalize() : null;
    }

    /** Every regular file under {@code dir}, sorted. */
    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Copies a script from the test resources (next to this class) into {@code dir}. */
    static Path script(String name, Path dir) throws IOException {
        Path out = dir.resolve(name);
        try (java.io.InputStream in = Corpus.class.getResourceAsStream(name)) {
            Files.copy(in, out);
        }
        return out;
    }

    /** The {@code /usr/bin/python3} that has h5py, or {@code null}. */
    static Path python() {
        Path py = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(py)) {
            return null;
        }
        try {
            Process p = new ProcessBuilder(py.toString(), "-c", "import h5py, numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? py : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
