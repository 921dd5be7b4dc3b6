package dev.rosetta.formats.onnx;

import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.onnx.ops.OnnxOps;
import dev.rosetta.ir.Model;
import java.nio.file.Path;
import java.util.List;

/**
 * The ONNX format: {@code .onnx} files, read and written.
 *
 * <p>Read options: {@code keep-unsupported} (return the model with unsupported nodes kept and
 * listed, for {@code inspect}; otherwise a read fails listing them all). Write options:
 * {@code opset} (13 to 21, default 17), {@code external-data} (tensors in the side file
 * {@code <model>.data}), {@code expose-intermediates} (every node output becomes a graph output).
 * Other modules use {@link #toBytes(Model, int)} to hand a model to ONNX Runtime in memory.
 */
public final class OnnxFormat implements FormatProvider {

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public String description() {
        return "ONNX models (.onnx), opsets 1-" + OnnxOps.MAX_READ_OPSET + " read, "
                + OnnxOps.MIN_WRITE_OPSET + "-" + OnnxOps.MAX_WRITE_OPSET + " written";
    }

    @Override
    public List<String> extensions() {
        return List.of(".onnx");
    }

    @Override
    public boolean canRead() {
        return true;
    }

    @Override
    public dev.rosetta.formats.ChannelOrder channelOrder() {
        return dev.rosetta.formats.ChannelOrder.FIRST;
    }

    @Override
    public boolean canWrite() {
        return true;
    }

    @Override
    public boolean storesGraphs() {
        return true;
    }

    @Override
    public String supportStatement() {
        return "Reads ModelProto files of ai.onnx opsets 1-" + OnnxOps.MAX_READ_OPSET + " (tensors memory-mapped,"
                + " external data included) and writes opsets " + OnnxOps.MIN_WRITE_OPSET + "-"
                + OnnxOps.MAX_WRITE_OPSET + " (default " + OnnxWriteOptions.DEFAULT_OPSET + "), streaming, with"
                + " external data over 1.8 GB or on request. Operators: " + String.join(", ", OnnxOps.supported())
                + ". Static shape computations (Shape/Gather/Slice/Concat/Unsqueeze chains) are folded.";
    }

    @Override
    public boolean detect(FileProbe probe) {
        return !probe.isDirectory() && OnnxDetector.looksLikeOnnx(probe.head(), probe.size());
    }

    @Override
    public Model read(Path path, FormatOptions options) {
        return OnnxReader.read(path, options.getBoolean(FormatOptions.KEEP_UNSUPPORTED)
                ? OnnxReader.Mode.KEEP_UNSUPPORTED : OnnxReader.Mode.STRICT);
    }

    @Override
    public void write(Model model, Path target, FormatOptions options) {
        OnnxWriter.write(model, target, OnnxWriteOptions.from(options));
    }

    @Override
    public void committed(Path target) {
        OnnxWriter.committed(target);
    }

    /** The model as in-memory ONNX bytes at {@code opset} (for ONNX Runtime). */
    public static byte[] toBytes(Model model, int opset) {
        return OnnxWriter.toBytes(model, OnnxWriteOptions.of(opset));
    }

    /**
     * The model as in-memory ONNX bytes at {@code opset}, with every intermediate value also a
     * graph output, so that a runtime can compare layer by layer.
     */
    public static byte[] toBytesWithIntermediates(Model model, int opset) {
        return OnnxWriter.toBytes(model, OnnxWriteOptions.of(opset).withExposeIntermediates(true));
    }
}
