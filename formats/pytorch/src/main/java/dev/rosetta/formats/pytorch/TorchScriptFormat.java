package dev.rosetta.formats.pytorch;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.ir.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code torchscript} format: archives written by {@code torch.jit.save}, read-only.
 *
 * <p>Detected by content: a zip with a {@code constants.pkl} entry or a {@code code/} folder.
 * Reading gives a graph without nodes whose initializers are the archive's parameters and buffers,
 * plus metadata listing its code files and constants ({@link TorchScriptReader}); the runtime
 * executes the archive itself. Writing is not supported.
 */
public final class TorchScriptFormat implements FormatProvider {
    @Override
    public String name() {
        return "torchscript";
    }

    @Override
    public String description() {
        return "TorchScript archives written by torch.jit.save (inspect and execute; parameters readable)";
    }

    @Override
    public List<String> extensions() {
        return List.of(".pt", ".pth");
    }

    @Override
    public boolean canRead() {
        return true;
    }

    @Override
    public boolean canWrite() {
        return false;
    }

    @Override
    public String supportStatement() {
        return "reads the parameters and buffers of TorchScript archives through the safe unpickler (scripted module"
                + " classes are kept as opaque objects, nothing runs) and lists their code files and constants;"
                + " the graph is not imported (the runtime executes the archive as it is); writing is not supported";
    }

    @Override
    public boolean detect(FileProbe probe) {
        return !probe.isDirectory() && probe.isZip() && looksLikeTorchScript(probe.zipEntryNames());
    }

    /** True when zip entry names show a TorchScript archive: a {@code constants.pkl} or a {@code code/} folder. */
    static boolean looksLikeTorchScript(List<String> names) {
        return names.stream().anyMatch(n -> n.equals("constants.pkl") || n.endsWith("/constants.pkl")
                || n.startsWith("code/") || n.contains("/code/"));
    }

    @Override
    public Model read(Path path, FormatOptions options) throws IOException {
        return TorchScriptReader.read(path, options);
    }

    @Override
    public void write(Model model, Path target, FormatOptions options) {
        throw new UnsupportedFeatureException("writing TorchScript is not supported: a TorchScript archive needs the"
                + " model's code; write a state dict with --to pytorch, or ONNX");
    }
}
