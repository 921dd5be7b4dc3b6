package dev.rosetta.formats;

import dev.rosetta.error.RosettaIOException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The formats on the class path, found once through {@link ServiceLoader} and immutable after.
 *
 * <p>Every failed lookup names what was asked for and lists what exists.
 */
public final class FormatRegistry {
    private final List<FormatProvider> providers;

    /** A registry of exactly these providers (tests use this). */
    public FormatRegistry(List<FormatProvider> providers) {
        List<FormatProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparing(FormatProvider::name));
        this.providers = List.copyOf(sorted);
    }

    /** Loads every provider listed in {@code META-INF/services} on the class path. */
    public static FormatRegistry load() {
        List<FormatProvider> found = new ArrayList<>();
        ServiceLoader.load(FormatProvider.class, FormatRegistry.class.getClassLoader()).forEach(found::add);
        return new FormatRegistry(found);
    }

    /** All providers, sorted by name. */
    public List<FormatProvider> all() {
        return providers;
    }

    /**
     * The provider called {@code name}.
     *
     * @throws UsageException listing the known names when there is none
     */
    public FormatProvider byName(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        for (FormatProvider p : providers) {
            if (p.name().equals(key)) {
                return p;
            }
        }
        throw new UsageException("unknown format '" + name + "'; known formats: " + names());
    }

    /**
     * The writable provider for an output path, judged by its extension; a path without an
     * extension that is (or will be) a directory means a directory format.
     *
     * @throws UsageException when no writable format claims the extension
     */
    public FormatProvider forOutput(Path out) {
        String file = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        for (FormatProvider p : providers) {
            if (p.canWrite() && p.extensions().stream().anyMatch(file::endsWith)) {
                return p;
            }
        }
        if (!file.contains(".")) {
            for (FormatProvider p : providers) {
                if (p.canWrite() && p.isDirectoryFormat()) {
                    return p;
                }
            }
        }
        throw new UsageException("cannot tell the output format from '" + out.getFileName()
                + "'; give --to with one of: " + writableNames() + " (extensions: " + writableExtensions() + ")");
    }

    /**
     * The readable provider that recognizes the file by content.
     *
     * @throws UsageException when the file does not exist
     * @throws UnsupportedFeatureException when no format recognizes it
     */
    public FormatProvider detect(Path file) {
        if (!Files.exists(file)) {
            throw new UsageException(file + ": no such file or directory");
        }
        FileProbe probe;
        try {
            probe = FileProbe.of(file);
        } catch (IOException e) {
            throw new RosettaIOException(file, "reading the file's first bytes", e);
        }
        for (FormatProvider p : providers) {
            if (p.canRead() && p.detect(probe)) {
                return p;
            }
        }
        throw new UnsupportedFeatureException(file + ": not a format Rosetta reads (looked for: "
                + readableNames() + "); name one with --from if the file is of a known format");
    }

    private String names() {
        return providers.stream().map(FormatProvider::name).collect(Collectors.joining(", "));
    }

    private String readableNames() {
        return providers.stream().filter(FormatProvider::canRead).map(FormatProvider::name)
                .collect(Collectors.joining(", "));
    }

    private String writableNames() {
        return providers.stream().filter(FormatProvider::canWrite).map(FormatProvider::name)
                .collect(Collectors.joining(", "));
    }

    private String writableExtensions() {
        return providers.stream().filter(FormatProvider::canWrite).flatMap(p -> p.extensions().stream())
                .collect(Collectors.joining(", "));
    }
}
