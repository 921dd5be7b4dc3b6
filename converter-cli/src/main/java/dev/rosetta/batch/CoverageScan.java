package dev.rosetta.batch;

import dev.rosetta.convert.Converter;
import dev.rosetta.error.ExitCode;
import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.FormatRegistry;
import dev.rosetta.ir.Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code --dry-run}: reads every job's input leniently ({@link FormatOptions#KEEP_UNSUPPORTED}, as
 * {@code inspect} does) and lists each unsupported operator, layer or setting with the models that
 * need it, without converting anything. A weights-only model whose architecture is not recognized
 * counts as needing a graph when the target format holds graphs.
 *
 * <p>Reads run in this process, {@code --jobs} at a time (a read maps the file and holds little
 * heap); one that passes {@code --timeout} is abandoned and its model listed as unreadable.
 * Writes {@code coverage.json} and {@code coverage.md} in {@code --out}.
 */
final class CoverageScan {
    static final String COVERAGE_JSON = "coverage.json";
    static final String COVERAGE_MD = "coverage.md";
    /** The schema identifier of {@code coverage.json}. */
    static final String SCHEMA = "rosetta.batch-coverage/1";
    /** The item a weights-only model of an unknown architecture needs for a graph format. */
    static final String NO_GRAPH = "weights only: architecture not recognized (a graph format needs the job's graph file)";
    private static final int SHOWN = 6;

    private CoverageScan() {
    }

    /**
     * One model's scan.
     *
     * @param id the job's id
     * @param input the model file
     * @param format the format it was read as, when detected
     * @param status {@code supported}, {@code unsupported} or {@code unreadable}
     * @param items the unsupported items, as the reader listed them
     * @param error why the model could not be read, or {@code null}
     */
    record ModelScan(String id, String input, String format, String status, List<String> items, String error) {
    }

    /**
     * One unsupported item across the batch.
     *
     * @param item the item, with node and layer names left out so equal items of different models match
     * @param models how many models need it
     * @param modelIds which models (job ids)
     */
    record Item(String item, int models, List<String> modelIds) {
    }

    /**
     * The report.
     *
     * @param schema always {@value #SCHEMA}
     * @param source the manifest or folder
     * @param target the target format, or {@code null}
     * @param models models scanned
     * @param supported models with nothing unsupported
     * @param unsupported models with at least one unsupported item
     * @param unreadable models that could not be read at all
     * @param skipped inputs skipped at planning
     * @param items unsupported items, most needed first
     * @param perModel every model's scan, in plan order
     * @param exitCode the exit code of the dry run
     */
    record Coverage(String schema, String source, String target, int models, int supported, int unsupported,
                    int unreadable, int skipped, List<Item> items, List<ModelScan> perModel, int exitCode) {
    }

    /** Scans the plan, writes the reports, prints the table, and returns the exit code. */
    static int run(BatchPlan plan, BatchOptions o, FormatRegistry registry, PrintWriter out) {
        List<ModelScan> scans = scanAll(plan, o, registry);
        Map<String, Set<String>> byItem = new TreeMap<>();
        int supported = 0;
        int unsupported = 0;
        int unreadable = 0;
        for (ModelScan s : scans) {
            switch (s.status()) {
                case "supported" -> supported++;
                case "unsupported" -> unsupported++;
                default -> unreadable++;
            }
            for (String line : s.items()) {
                byItem.computeIfAbsent(key(line), k -> new LinkedHashSet<>()).add(s.id());
            }
        }
        List<Item> items = new ArrayList<>();
        byItem.forEach((k, ids) -> items.add(new Item(k, ids.size(), List.copyOf(ids))));
        items.sort(Comparator.comparingInt(Item::models).reversed().thenComparing(Item::item));
        ExitCode code = o.failOn() == FailOn.NEVER ? ExitCode.SUCCESS
                : unreadable > 0 ? ExitCode.MALFORMED_INPUT : unsupported > 0 ? ExitCode.UNSUPPORTED : ExitCode.SUCCESS;
        Coverage c = new Coverage(SCHEMA, plan.source().toString(), o.to(), scans.size(), supported, unsupported,
                unreadable, plan.skipped().size(), items, scans, code.code());
        BatchJson.write(o.out().resolve(COVERAGE_JSON), c);
        String text = text(c);
        BatchJson.writeText(o.out().resolve(COVERAGE_MD), "# Rosetta coverage scan: " + c.source() + "\n\n```\n"
                + text + "```\n");
        out.print(text);
        out.println("Reports: " + o.out().resolve(COVERAGE_JSON) + ", " + o.out().resolve(COVERAGE_MD));
        out.flush();
        return code.code();
    }

    /** The table printed and put in {@code coverage.md}. */
    static String text(Coverage c) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Coverage of %d model(s)%s: %d supported, %d with unsupported items, "
                        + "%d unreadable, %d file(s) skipped%n", c.models(),
                c.target() == null ? "" : " for " + c.target(), c.supported(), c.unsupported(), c.unreadable(),
                c.skipped()));
        if (!c.items().isEmpty()) {
            int w = Math.min(60, Math.max(4, c.items().stream().mapToInt(i -> i.item().length()).max().orElse(4)));
            sb.append(String.format(Locale.ROOT, "%nUnsupported items (%d), by how many models need them:%n",
                    c.items().size()));
            sb.append(String.format(Locale.ROOT, "  %6s  %-" + w + "s  %s%n", "MODELS", "ITEM", "EXAMPLES"));
            for (Item i : c.items()) {
                List<String> shown = i.modelIds().subList(0, Math.min(SHOWN, i.modelIds().size()));
                sb.append(String.format(Locale.ROOT, "  %6d  %-" + w + "s  %s%s%n", i.models(), i.item(),
                        String.join(", ", shown), i.modelIds().size() > SHOWN ? ", ..." : ""));
            }
        }
        Map<String, List<String>> bad = new TreeMap<>();
        c.perModel().stream().filter(s -> s.status().equals("unreadable"))
                .forEach(s -> bad.computeIfAbsent(s.error(), k -> new ArrayList<>()).add(s.id()));
        if (!bad.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nUnreadable (%d), by reason:%n", c.unreadable()));
            bad.entrySet().stream().sorted(Comparator.comparingInt(
                    (Map.Entry<String, List<String>> e) -> e.getValue().size()).reversed()).forEach(e -> {
                        String why = e.getKey().length() > 160 ? e.getKey().substring(0, 157) + "..." : e.getKey();
                        List<String> shown = e.getValue().subList(0, Math.min(SHOWN, e.getValue().size()));
                        sb.append(String.format(Locale.ROOT, "  %6d  %s%n          %s%s%n", e.getValue().size(), why,
                                String.join(", ", shown), e.getValue().size() > SHOWN ? ", ..." : ""));
                    });
        }
        return sb.toString();
    }

    /**
     * The item a reader's line stands for, without the names of the nodes or layers using it:
     * {@code "Loop (ai.onnx opset 11), used by 1 node: 'Loop_0'"} is {@code "Loop (ai.onnx opset 11)"},
     * {@code "LSTM (layers 'a', 'b')"} is {@code "LSTM"}, and other quoted names become {@code '…'}.
     */
    static String key(String line) {
        String k = line.strip();
        int used = k.indexOf(", used by ");
        if (used > 0) {
            k = k.substring(0, used);
        }
        k = k.replaceAll(" \\((?:layers?|nodes?) '[^)]*\\)", "");
        return k.replaceAll("'[^']*'", "'…'").strip();
    }

    private static List<ModelScan> scanAll(BatchPlan plan, BatchOptions o, FormatRegistry registry) {
        FormatProvider target = o.to() == null ? null : registry.byName(o.to());
        ExecutorService pool = Executors.newFixedThreadPool(o.jobs(), r -> {
            Thread t = new Thread(r, "rosetta-coverage");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<JobSpec, Future<ModelScan>> futures = new LinkedHashMap<>();
            for (JobSpec j : plan.jobs()) {
                FormatProvider t = j.to() == null ? target : registry.byName(j.to());
                futures.put(j, pool.submit(() -> scan(j, registry, t)));
            }
            List<ModelScan> scans = new ArrayList<>();
            for (Map.Entry<JobSpec, Future<ModelScan>> e : futures.entrySet()) {
                scans.add(await(e.getKey(), e.getValue()));
            }
            return scans;
        } finally {
            pool.shutdownNow();
        }
    }

    private static ModelScan await(JobSpec j, Future<ModelScan> f) {
        try {
            return j.timeoutSeconds() == 0 ? f.get() : f.get(j.timeoutSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return unreadable(j, null, "not read within " + j.timeoutSeconds() + " s (--timeout)");
        } catch (ExecutionException e) {
            return unreadable(j, null, "internal error: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreadable(j, null, "interrupted");
        }
    }

    /** Reads one model leniently and lists what is unsupported in it. */
    static ModelScan scan(JobSpec j, FormatRegistry registry, FormatProvider target) {
        FormatProvider format;
        try {
            format = j.from() != null ? registry.byName(j.from()) : registry.detect(j.input());
        } catch (UnsupportedFeatureException e) {
            return unreadable(j, null, "not a format Rosetta reads");
        } catch (RosettaException e) {
            return unreadable(j, null, e.getMessage());
        }
        Map<String, String> options = new LinkedHashMap<>(j.readOptions());
        options.put(FormatOptions.KEEP_UNSUPPORTED, "true");
        List<String> items = new ArrayList<>();
        try (Model m = format.read(j.input(), FormatOptions.of(options))) {
            String listed = m.metadata().get(FormatOptions.UNSUPPORTED_METADATA);
            if (listed != null) {
                listed.lines().filter(l -> !l.isBlank()).forEach(items::add);
            }
            if (!options.containsKey("weights-only") && j.graph() == null) {
                Converter.recoverGraph(m);
                if (!m.hasComputation() && !m.graph().initializers().isEmpty() && target != null
                        && target.storesGraphs()) {
                    items.add(NO_GRAPH);
                }
            }
        } catch (UnsupportedFeatureException e) {
            items.addAll(e.items());
        } catch (RosettaException e) {
            return unreadable(j, format.name(), e.getMessage());
        } catch (IOException e) {
            return unreadable(j, format.name(), "cannot be read: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return unreadable(j, format.name(), "internal error: " + e);
        }
        return new ModelScan(j.id(), j.input().toString(), format.name(), items.isEmpty() ? "supported" : "unsupported",
                List.copyOf(items), null);
    }

    private static ModelScan unreadable(JobSpec j, String format, String error) {
        String why = error == null ? "unknown" : error.replace(j.input() + ": ", "")
                .replace(" (while reading " + j.input() + " as " + format + ")", "");
        return new ModelScan(j.id(), j.input().toString(), format, "unreadable", List.of(), why);
    }
}
