package dev.rosetta.formats.safetensors;

import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.ir.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The safetensors format (Hugging Face): an 8-byte header length, a JSON header, and a byte buffer
 * the header fully indexes. Reads memory-mapped without copying, writes by streaming.
 */
public final class SafetensorsFormat implements FormatProvider {
    /** The provider's name. */
    public static final String NAME = "safetensors";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "safetensors: named tensors with a JSON header (weights only)";
    }

    @Override
    public List<String> extensions() {
        return List.of(".safetensors");
    }

    @Override
    public boolean canRead() {
        return true;
    }

    @Override
    public boolean canWrite() {
        return true;
    }

    @Override
    public String supportStatement() {
        return "reads and writes every IR dtype (F16, BF16, F32, F64, I8, U8, I16, I32, I64, BOOL); "
                + "reads memory-mapped without copying (files over 2 GiB work), writes by streaming; "
                + "__metadata__ is model metadata; headers over " + SafetensorsHeader.MAX_HEADER_BYTES
                + " bytes, overlapping or unindexed bytes are refused; U16/U32/U64/F8/C64 tensors are "
                + "reported as unsupported; only weights are stored (a graph's nodes are not)";
    }

    @Override
    public boolean detect(FileProbe probe) {
        if (probe.isDirectory() || probe.size() < 10) {
            return false;
        }
        byte[] head = probe.head();
        if (head.length < 9) {
            return false;
        }
        long n = 0;
        for (int i = 7; i >= 0; i--) {
            n = (n << 8) | (head[i] & 0xff);
        }
        if (n < 2 || n > SafetensorsHeader.MAX_HEADER_BYTES || n > probe.size() - 8 || head[8] != '{') {
            return false;
        }
        for (int i = 9; i < head.length && i < 8 + n; i++) {
            byte b = head[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '"' || b == '}';
            }
        }
        return true;
    }

    @Override
    public Model read(Path path, FormatOptions options) throws IOException {
        return SafetensorsReader.read(path);
    }

    @Override
    public void write(Model model, Path target, FormatOptions options) throws IOException {
        SafetensorsWriter.write(model, target);
    }
}
