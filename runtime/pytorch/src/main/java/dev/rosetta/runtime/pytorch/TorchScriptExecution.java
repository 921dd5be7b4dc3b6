package dev.rosetta.runtime.pytorch;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SymbolBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.RosettaIOException;
import dev.rosetta.error.UsageException;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.runtime.Device;
import dev.rosetta.runtime.EngineExecution;
import dev.rosetta.runtime.TensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A TorchScript archive loaded with DJL's PyTorch engine. */
final class TorchScriptExecution extends EngineExecution {
    private final Path file;
    private final Model model;
    private final List<TensorSpec> inputs;
    private List<TensorSpec> outputs = List.of();

    TorchScriptExecution(Path file, Device device, ai.djl.Device djlDevice) {
        super(TorchScriptBackend.NAME, device);
        this.file = file;
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": no such file");
        }
        Torch.engine();
        this.model = Model.newInstance(fileStem(file), djlDevice, "PyTorch");
        try {
            model.load(file, null, Map.of("mapLocation", "true"));
        } catch (IOException e) {
            model.close();
            throw new RosettaIOException(file, "loading the TorchScript archive", e);
        } catch (MalformedModelException | EngineException e) {
            model.close();
            throw new MalformedInputException(file, "TorchScript archive",
                    "libtorch could not load it: " + firstLine(e.getMessage()), e);
        }
        this.inputs = describeInputs(model.getBlock());
    }

    private static List<TensorSpec> describeInputs(Block block) {
        List<TensorSpec> specs = new ArrayList<>();
        try {
            PairList<String, ai.djl.ndarray.types.Shape> d = block.describeInput();
            if (d != null) {
                for (int i = 0; i < d.size(); i++) {
                    specs.add(new TensorSpec(d.get(i).getKey(), null, Shape.UNKNOWN_RANK, null));
                }
            }
        } catch (RuntimeException e) {
            return List.of();
        }
        return List.copyOf(specs);
    }

    @Override
    public List<TensorSpec> inputs() {
        return inputs;
    }

    /** Known after the first run: {@code output_0}, {@code output_1}, ... with their dtypes and shapes. */
    @Override
    public List<TensorSpec> outputs() {
        return outputs;
    }

    @Override
    protected LinkedHashMap<String, Tensor> runOpen(Map<String, Tensor> given) {
        List<Tensor> ordered = order(given);
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDList in = new NDList();
            for (Tensor t : ordered) {
                in.add(NdConvert.toNd(m, t));
            }
            NDList out;
            try {
                out = ((SymbolBlock) model.getBlock()).forward(new ParameterStore(m, false), in, false);
            } catch (EngineException e) {
                throw new UsageException(file.getFileName() + ": the TorchScript forward failed for inputs "
                        + ordered.stream().map(t -> java.util.Arrays.toString(t.shape())).toList() + ": "
                        + firstLine(e.getMessage()));
            }
            LinkedHashMap<String, Tensor> result = new LinkedHashMap<>();
            List<TensorSpec> specs = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                NDArray a = out.get(i);
                Tensor t = NdConvert.toTensor(a);
                String name = "output_" + i;
                result.put(name, t);
                specs.add(new TensorSpec(name, t.dtype(), t.staticShape(), null));
            }
            outputs = List.copyOf(specs);
            return result;
        }
    }

    /** Inputs in forward-argument order: by declared name where all names match, else as given. */
    private List<Tensor> order(Map<String, Tensor> given) {
        if (!inputs.isEmpty() && inputs.stream().allMatch(s -> given.containsKey(s.name()))) {
            if (given.size() != inputs.size()) {
                throw new UsageException("the TorchScript forward takes " + inputs.size() + " inputs "
                        + inputs.stream().map(TensorSpec::name).toList() + ", got " + given.keySet());
            }
            return inputs.stream().map(s -> given.get(s.name())).toList();
        }
        if (!inputs.isEmpty() && given.size() != inputs.size()) {
            throw new UsageException("the TorchScript forward takes " + inputs.size() + " inputs "
                    + inputs.stream().map(TensorSpec::name).toList() + ", got " + given.size());
        }
        return new ArrayList<>(given.values());
    }

    private static String fileStem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "(no message)";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    protected void release() {
        model.close();
    }
}
