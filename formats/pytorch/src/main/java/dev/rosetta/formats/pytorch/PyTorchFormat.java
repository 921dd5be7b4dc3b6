package dev.rosetta.formats.pytorch;

import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.ir.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code pytorch} format: {@code torch.save} state dicts ({@code .pt}, {@code .pth}).
 *
 * <p>Detects, by content, zip archives with a {@code data.pkl} entry that are not TorchScript
 * (no {@code constants.pkl}, no {@code code/}), legacy pickles that start with the
 * {@code torch.save} magic number, and PyTorch's early tar-based format (which {@link #read} then
 * refuses with a clear message). Reads through {@link PyTorchReader}, writes through
 * {@link PyTorchWriter}.
 */
public final class PyTorchFormat implements FormatProvider {
    @Override
    public String name() {
        return "pytorch";
    }

    @Override
    public String description() {
        return "PyTorch state dicts written by torch.save (zip and legacy pickle formats)";
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
    public dev.rosetta.formats.ChannelOrder channelOrder() {
        return dev.rosetta.formats.ChannelOrder.FIRST;
    }

    @Override
    public boolean canWrite() {
        return true;
    }

    @Override
    public String supportStatement() {
        return "reads torch.save files in the zip format (PyTorch >= 1.6, zip64 included) and the legacy pickle"
                + " format, with a safe unpickler that builds only tensors, storages, dtypes, OrderedDict and plain"
                + " containers and never runs code; storages are memory-mapped (tensors over 2 GiB work, contiguous"
                + " views are not copied; non-contiguous views are gathered); shared storages, storage offsets,"
                + " big-endian archives and every IR dtype (float16/32/64, bfloat16, int8/16/32/64, uint8, bool);"
                + " checkpoints: option key=<dotted.path> picks the state dict, otherwise it is found automatically"
                + " ('state_dict', 'model', ...), nested dicts flatten to dotted names and other values are skipped"
                + " and listed in metadata. Writes the zip format (protocol-2 data.pkl, stored storages aligned to"
                + " 64 bytes, zip64 when needed) that torch.load(weights_only=True) accepts; option archive=<name>"
                + " sets the folder inside the zip. State dicts carry weights only: a graph is not written.";
    }

    @Override
    public boolean detect(FileProbe probe) {
        if (probe.isDirectory()) {
            return false;
        }
        TorchFileKind kind = TorchFileKind.of(probe.head());
        if (kind == TorchFileKind.LEGACY || kind == TorchFileKind.TAR) {
            return true;
        }
        if (kind != TorchFileKind.ZIP) {
            return false;
        }
        List<String> names = probe.zipEntryNames();
        if (names.isEmpty()) {
            // No readable central directory (a truncated download): judge by the first entry's name,
            // so that reading reports the damage instead of "unknown format".
            return firstEntryName(probe.head()).endsWith("data.pkl");
        }
        boolean hasData = names.stream().anyMatch(n -> n.equals("data.pkl") || n.endsWith("/data.pkl"));
        return hasData && !TorchScriptFormat.looksLikeTorchScript(names);
    }

    /** The file name in the zip's first local header, or "" when the head does not hold it. */
    static String firstEntryName(byte[] head) {
        if (head.length < 30) {
            return "";
        }
        int nameLength = (head[26] & 0xff) | (head[27] & 0xff) << 8;
        if (30 + nameLength > head.length) {
            return "";
        }
        return new String(head, 30, nameLength, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public Model read(Path path, FormatOptions options) throws IOException {
        return PyTorchReader.read(path, options);
    }

    @Override
    public void write(Model model, Path target, FormatOptions options) throws IOException {
        PyTorchWriter.write(model, target, options);
    }
}
