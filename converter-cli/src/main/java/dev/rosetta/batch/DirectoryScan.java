package dev.rosetta.batch;

import dev.rosetta.error.RosettaException;
import dev.rosetta.error.RosettaIOException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.FormatRegistry;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A folder as a batch: every model under it, found by content ({@link FormatRegistry#detect}),
 * becomes a job converting it to {@code --to}, its output at the same relative path under
 * {@code --out} with the target's extension.
 *
 * <p>Left out silently: hidden files and folders (names starting with a dot), symbolic links, and
 * the output folder when it lies inside the input folder. Listed as skipped, with the reason: files
 * no format recognizes, files already in the target format, and array files ({@code numpy}), which
 * hold a model's inputs and outputs rather than a model. A folder that a directory format
 * recognizes (a SavedModel) is one model. When two inputs would give the same output name
 * ({@code m.h5}, {@code m.keras}), both keep their extension ({@code m.h5.onnx}, {@code m.keras.onnx}).
 */
final class DirectoryScan {
    /** Formats whose files are tensors for a model, not models: not converted from a folder. */
    private static final Set<String> ARRAY_FORMATS = Set.of("numpy");

    private DirectoryScan() {
    }

    /** A model found in the folder, or a skipped file ({@code format} null, {@code reason} set). */
    private record Found(Path file, FormatProvider format, String reason) {
    }

    /**
     * Plans the folder's jobs.
     *
     * @throws UsageException when {@code --to} is missing (outside a dry run) or cannot be written
     */
    static BatchPlan plan(BatchOptions o, FormatRegistry registry) {
        FormatProvider target = null;
        if (o.to() != null) {
            target = registry.byName(o.to());
            if (!target.canWrite()) {
                throw new UsageException("--to " + o.to() + ": format '" + target.name() + "' cannot be written");
            }
        } else if (!o.dryRun()) {
            throw new UsageException("a folder needs --to FORMAT (every model in it is converted to that format)");
        }
        List<Found> found = walk(o.source(), o.out(), registry, matchers(o.include()), matchers(o.exclude()));
        Map<Path, Integer> names = new HashMap<>();
        for (Found f : found) {
            if (f.format() != null) {
                names.merge(outputName(rel(o.source(), f.file()), target), 1, Integer::sum);
            }
        }
        List<JobSpec> jobs = new ArrayList<>();
        List<JobResult> skipped = new ArrayList<>();
        for (Found f : found) {
            Path rel = rel(o.source(), f.file());
            String id = slashes(rel);
            if (f.format() == null) {
                skipped.add(JobResult.skipped(id, f.file().toString(), null, f.reason(), null));
                continue;
            }
            if (target != null && f.format().name().equals(target.name())) {
                skipped.add(JobResult.skipped(id, f.file().toString(), null, "already " + target.name(),
                        f.format().name()));
                continue;
            }
            Path name = outputName(rel, target);
            if (names.get(name) > 1) {
                name = rel.resolveSibling(rel.getFileName() + extension(target));
            }
            jobs.add(new JobSpec(id, f.file(), o.out().resolve(name), null, target == null ? null : target.name(),
                    null, null, null, o.verify() ? new JobSpec.Verify(null, null, null, o.shapes(), null, null, null,
                    false, null) : null, o.timeoutSeconds()));
        }
        return BatchPlan.of(o.source(), o.out(), jobs, skipped);
    }

    /** {@code rel} with its last extension replaced by the target's first ({@code a/b.pt} → {@code a/b.onnx}). */
    static Path outputName(Path rel, FormatProvider target) {
        String name = rel.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return rel.resolveSibling(stem + extension(target));
    }

    /** A relative path with forward slashes, as ids and reports show it. */
    static String slashes(Path p) {
        return p.toString().replace('\\', '/');
    }

    private static String extension(FormatProvider target) {
        return target == null || target.extensions().isEmpty() ? "" : target.extensions().get(0);
    }

    private static Path rel(Path root, Path file) {
        return root.relativize(file);
    }

    private static List<Found> walk(Path root, Path out, FormatRegistry registry, List<PathMatcher> include,
                                    List<PathMatcher> exclude) {
        if (!Files.isDirectory(root)) {
            throw new UsageException(root + ": no such folder");
        }
        List<Found> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (hidden(dir) || dir.equals(out)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    FormatProvider f = directoryFormat(dir, registry);
                    if (f != null) {
                        if (selected(root.relativize(dir), include, exclude)) {
                            found.add(new Found(dir, f, null));
                        }
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isRegularFile() || hidden(file) || !selected(root.relativize(file), include, exclude)) {
                        return FileVisitResult.CONTINUE;
                    }
                    found.add(classify(file, registry));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    found.add(new Found(file, null, "cannot be read: " + exc.getMessage()));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new RosettaIOException(root, "listing the folder", e);
        }
        found.sort(java.util.Comparator.comparing(f -> slashes(root.relativize(f.file()))));
        return found;
    }

    private static Found classify(Path file, FormatRegistry registry) {
        try {
            FormatProvider p = registry.detect(file);
            if (ARRAY_FORMATS.contains(p.name())) {
                return new Found(file, null, "array file (" + p.name() + "), not a model: list it in a manifest to "
                        + "convert it");
            }
            return new Found(file, p, null);
        } catch (RosettaException e) {
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            for (FormatProvider p : registry.all()) {
                if (p.canRead() && !ARRAY_FORMATS.contains(p.name()) && p.extensions().stream().anyMatch(name::endsWith)) {
                    return new Found(file, null, "not recognized by content, though its extension is " + p.name()
                            + "'s: truncated or corrupt? (a manifest job with 'from: " + p.name()
                            + "' shows the reader's error)");
                }
            }
            return new Found(file, null, "not a model file Rosetta reads");
        }
    }

    private static FormatProvider directoryFormat(Path dir, FormatRegistry registry) {
        FileProbe probe;
        try {
            probe = FileProbe.of(dir);
        } catch (IOException e) {
            return null;
        }
        for (FormatProvider p : registry.all()) {
            if (p.canRead() && p.isDirectoryFormat() && p.detect(probe)) {
                return p;
            }
        }
        return null;
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    /**
     * True when {@code rel} matches an include glob (or there are none) and no exclude glob. A glob
     * without a slash matches the file name, one with a slash the whole relative path.
     */
    private static boolean selected(Path rel, List<PathMatcher> include, List<PathMatcher> exclude) {
        boolean in = include.isEmpty() || include.stream().anyMatch(m -> matches(m, rel));
        return in && exclude.stream().noneMatch(m -> matches(m, rel));
    }

    private static boolean matches(PathMatcher m, Path rel) {
        return m.matches(rel) || m.matches(rel.getFileName());
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        List<PathMatcher> out = new ArrayList<>();
        for (String g : globs) {
            try {
                out.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
            } catch (IllegalArgumentException e) {
                throw new UsageException("glob '" + g + "': " + e.getMessage());
            }
        }
        return out;
    }
}
