package dev.rosetta.layout;

import dev.rosetta.ir.Graph;
import dev.rosetta.ir.pass.GraphPass;
import dev.rosetta.ir.pass.PassManager;
import dev.rosetta.ir.pass.PassResult;
import dev.rosetta.layout.naming.NameMap;
import dev.rosetta.layout.naming.NameScheme;
import dev.rosetta.layout.naming.RenameInitializers;
import dev.rosetta.layout.naming.TransformLedger;
import dev.rosetta.layout.pass.CancelTransposes;
import dev.rosetta.layout.pass.ConvWeightConvention;
import dev.rosetta.layout.pass.DenseWeightLayout;
import dev.rosetta.layout.pass.InferLayoutTags;
import dev.rosetta.layout.pass.PermuteWeightsByTag;
import dev.rosetta.layout.pass.ToChannelsFirst;
import dev.rosetta.layout.pass.ToChannelsLast;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The whole layout conversion as one call: which passes run, in which order, with which options,
 * and what came out (per-pass logs for {@code --explain}, the name map). Immutable; build with
 * {@link #toChannelsLast}/{@link #toChannelsFirst} and the {@code with...} methods.
 *
 * <p>Passes: optional {@link RenameInitializers} (a naming scheme), {@link InferLayoutTags},
 * {@link ConvWeightConvention}, {@link ToChannelsLast} or {@link ToChannelsFirst}, {@link CancelTransposes},
 * {@link DenseWeightLayout}, {@link PermuteWeightsByTag} (weights no node reads).
 *
 * <pre>{@code
 * LayoutConversion.Result r = LayoutConversion.toChannelsLast(IoLayout.NHWC).run(model.graph());
 * r.explain().forEach(System.out::println);
 * NameMapJson.write(r.nameMap(), out);
 * }</pre>
 */
public final class LayoutConversion {
    private final Direction direction;
    private final IoLayout io;
    private final DenseWeights dense;
    private final NameScheme scheme;

    private LayoutConversion(Direction direction, IoLayout io, DenseWeights dense, NameScheme scheme) {
        this.direction = Objects.requireNonNull(direction, "direction");
        this.io = Objects.requireNonNull(io, "io");
        this.dense = Objects.requireNonNull(dense, "dense");
        this.scheme = scheme;
    }

    /** To channels-last (Keras, TensorFlow); dense weights end up (in, out). */
    public static LayoutConversion toChannelsLast(IoLayout io) {
        return new LayoutConversion(Direction.TO_CHANNELS_LAST, io, DenseWeights.IO, null);
    }

    /** To channels-first (PyTorch, ONNX); dense weights end up (out, in). */
    public static LayoutConversion toChannelsFirst(IoLayout io) {
        return new LayoutConversion(Direction.TO_CHANNELS_FIRST, io, DenseWeights.OI, null);
    }

    public LayoutConversion withDenseWeights(DenseWeights d) {
        return new LayoutConversion(direction, io, d, scheme);
    }

    /** Also renames initializers by {@code s} first (null: keep names). */
    public LayoutConversion withNameScheme(NameScheme s) {
        return new LayoutConversion(direction, io, dense, s);
    }

    public Direction direction() {
        return direction;
    }

    public IoLayout ioLayout() {
        return io;
    }

    /** The passes, in order, reporting weight transforms to {@code ledger} (may be {@code null}). */
    public List<GraphPass> passes(TransformLedger ledger) {
        List<GraphPass> p = new ArrayList<>();
        if (scheme != null) {
            p.add(new RenameInitializers(scheme));
        }
        p.add(new InferLayoutTags());
        p.add(new ConvWeightConvention(ledger));
        p.add(direction == Direction.TO_CHANNELS_LAST ? new ToChannelsLast(io, ledger) : new ToChannelsFirst(io, ledger));
        p.add(new CancelTransposes());
        p.add(new DenseWeightLayout(dense, ledger));
        p.add(new PermuteWeightsByTag(direction, dense, ledger));
        return p;
    }

    /**
     * Only gives convolution weights the convention of the layout their convolution already runs
     * in ({@link ConvWeightConvention}), for a graph whose layout stays as it is (a Keras model with
     * {@code data_format='channels_first'} layers, written to ONNX or PyTorch).
     */
    public static Result conformConvolutionWeights(Graph graph) {
        TransformLedger ledger = TransformLedger.start(graph);
        return run(graph, List.of(new ConvWeightConvention(ledger)), ledger);
    }

    /**
     * Runs the conversion on {@code graph} in place.
     *
     * @throws dev.rosetta.error.RosettaException from a pass, naming the pass
     */
    public Result run(Graph graph) {
        TransformLedger ledger = TransformLedger.start(graph);
        return run(graph, passes(ledger), ledger);
    }

    private static Result run(Graph graph, List<GraphPass> passes, TransformLedger ledger) {
        List<PassResult> results = new PassManager(passes).run(graph);
        List<String> explain = new ArrayList<>();
        for (int i = 0; i < passes.size(); i++) {
            for (String line : results.get(i).log()) {
                explain.add(passes.get(i).name() + ": " + line);
            }
        }
        return new Result(results, explain, ledger.toNameMap(graph));
    }

    /**
     * What a conversion did.
     *
     * @param passResults one per pass, in order
     * @param explain every log line, prefixed by its pass's name ({@code --explain})
     * @param nameMap source tensor → target tensor, with shapes and transforms
     */
    public record Result(List<PassResult> passResults, List<String> explain, NameMap nameMap) {
        public Result {
            passResults = List.copyOf(passResults);
            explain = List.copyOf(explain);
        }

        /** The explain lines about inserted or removed transposes. */
        public List<String> transposeLines() {
            return explain.stream().filter(l -> l.contains("Transpose")).toList();
        }
    }
}
