package dev.rosetta.runtime.onnxruntime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.RosettaException;
import dev.rosetta.error.RosettaIOException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Value;
import dev.rosetta.runtime.Backend;
import dev.rosetta.runtime.Device;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.ModelSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Backend {@code onnxruntime}: runs ONNX with ONNX Runtime 1.21 through its own Java API
 * ({@code ai.onnxruntime.OrtSession}, the library DJL's OnnxRuntime engine wraps; used directly for
 * its input and output metadata, sessions from bytes and the CUDA provider option).
 *
 * <p>An {@code .onnx} file runs as written. An IR model is first written as ONNX by the
 * {@code onnx} format provider (found through {@link dev.rosetta.formats.FormatRegistry}). For
 * per-layer diagnosis every node output is added as a graph output, editing only the protobuf's
 * graph outputs ({@link OnnxGraphEdit}). Graph optimizations are ONNX Runtime's defaults (all).
 */
public final class OnnxRuntimeBackend implements Backend {
    /** The backend's name. */
    public static final String NAME = "onnxruntime";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "ONNX Runtime 1.21 (ai.onnxruntime Java API): runs .onnx files as written, IR models written as ONNX";
    }

    @Override
    public Set<ModelSource.Kind> sourceKinds() {
        return Set.of(ModelSource.Kind.ONNX_FILE, ModelSource.Kind.IR);
    }

    @Override
    public Set<String> supportedOps() {
        return Set.of();
    }

    @Override
    public Set<Layout> layouts() {
        return Set.of(Layout.NCW, Layout.NCHW, Layout.NCDHW);
    }

    @Override
    public boolean canRecordIntermediates(ModelSource.Kind kind) {
        return kind == ModelSource.Kind.ONNX_FILE || kind == ModelSource.Kind.IR;
    }

    @Override
    public void checkDevice(Device device) {
        if (!device.isGpu()) {
            return;
        }
        Set<OrtProvider> providers = OrtEnvironment.getAvailableProviders();
        if (!providers.contains(OrtProvider.CUDA)) {
            throw new UnsupportedFeatureException("--device " + device + ": this ONNX Runtime has no CUDA execution "
                    + "provider (available: " + providers + "; use com.microsoft.onnxruntime:onnxruntime_gpu with "
                    + "CUDA 12 and cuDNN 9 libraries, see dev.rosetta.runtime's package documentation)");
        }
    }

    @Override
    public Execution load(ModelSource source, ExecutionOptions options) {
        checkDevice(options.device());
        Path file = source instanceof ModelSource.File f ? f.path() : null;
        if (file != null && source.kind() != ModelSource.Kind.ONNX_FILE) {
            throw new UnsupportedFeatureException("backend '" + NAME + "' runs ONNX files and IR models, not "
                    + source.describe() + " (" + source.kind() + ")");
        }
        if (file != null && !Files.isRegularFile(file)) {
            throw new UsageException(file + ": no such file");
        }
        Map<String, Layout> layouts = new HashMap<>();
        byte[] bytes = null;
        if (source instanceof ModelSource.Ir ir) {
            bytes = OnnxBytes.write(ir.model());
            collectLayouts(ir.model(), layouts);
        } else if (options.recordIntermediates()) {
            bytes = read(file);
        }
        List<OnnxGraphEdit.NodeInfo> nodes = null;
        List<String> modelOutputs = null;
        if (options.recordIntermediates()) {
            OnnxGraphEdit edit = OnnxGraphEdit.parse(file, bytes);
            nodes = edit.nodes();
            modelOutputs = edit.outputNames();
            List<String> all = new ArrayList<>();
            nodes.forEach(n -> all.addAll(n.outputs()));
            bytes = edit.withOutputs(all);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            // Warnings (e.g. "removing unused initializer num_batches_tracked") are noise for a verifier.
            opts.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            if (options.device().isGpu()) {
                opts.addCUDA(options.device().index());
            }
            OrtSession session = bytes != null ? env.createSession(bytes, opts) : env.createSession(file.toString(), opts);
            try {
                return new OrtExecution(env, session, options.device(), nodes, modelOutputs, layouts);
            } catch (OrtException | RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw translate(file, "loading the model", e);
        }
    }

    private static void collectLayouts(Model model, Map<String, Layout> layouts) {
        for (Value v : model.graph().valuesByName().values()) {
            if (v.layout() != Layout.UNKNOWN) {
                layouts.put(v.name(), v.layout());
            }
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RosettaIOException(file, "reading the ONNX file", e);
        } catch (OutOfMemoryError e) {
            throw new UnsupportedFeatureException(file + ": too large to hold in memory for per-layer diagnosis");
        }
    }

    /**
     * True when ONNX Runtime refuses a model for being newer than itself ("Unsupported model IR
     * version: 13, max supported IR version: 10", an opset past the ones it knows): the file is
     * fine, this engine is older.
     */
    static boolean newerThanThisRuntime(String message) {
        String m = message == null ? "" : message;
        return m.contains("Unsupported model IR version") || m.matches("(?s).*[Oo]pset \\d+ .*(not supported|under"
                + " development).*") || m.contains("max supported");
    }

    /** Maps an ONNX Runtime failure onto the error contract. */
    static RosettaException translate(Path file, String doing, OrtException e) {
        String msg = "ONNX Runtime failed " + doing + ": " + e.getMessage();
        RosettaException r = switch (e.getCode()) {
            case ORT_NOT_IMPLEMENTED -> new UnsupportedFeatureException((file == null ? "" : file + ": ") + msg);
            case ORT_FAIL, ORT_INVALID_GRAPH -> newerThanThisRuntime(e.getMessage())
                    ? new UnsupportedFeatureException((file == null ? "" : file + ": ") + msg)
                    : new MalformedInputException(file, "ONNX model", msg, e);
            case ORT_NO_SUCHFILE -> new UsageException((file == null ? "" : file + ": ") + msg);
            case ORT_INVALID_ARGUMENT -> doing.startsWith("running")
                    ? new UsageException(msg) : new MalformedInputException(file, "ONNX model", msg, e);
            default -> new MalformedInputException(file, "ONNX model", msg, e);
        };
        if (r.getCause() == null) {
            r.initCause(e);
        }
        return r;
    }
}
