package dev.rosetta.runtime.pytorch;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.error.RosettaException;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.runtime.Device;
import dev.rosetta.runtime.EngineExecution;
import dev.rosetta.runtime.Inputs;
import dev.rosetta.runtime.Intermediate;
import dev.rosetta.runtime.TensorSpec;
import dev.rosetta.runtime.pytorch.ops.OpContext;
import dev.rosetta.runtime.pytorch.ops.OpKernel;
import dev.rosetta.runtime.pytorch.ops.OpTable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IR graph interpreted node by node with the {@link OpTable} kernels on DJL's PyTorch engine.
 *
 * <p>Initializers are copied to the engine once, at load. Each run works in a sub-manager that is
 * closed at the end: every array a run makes (initializers are aliased into it, so even ops on
 * weights allocate there) is freed with it, and outputs are heap copies.
 */
final class IrExecution extends EngineExecution {
    private final boolean record;
    private final NDManager base;
    private final List<Value> inputs;
    private final List<Value> outputs;
    private final List<Node> order;
    private final Map<Value, NDArray> weights = new IdentityHashMap<>();
    private final long opset;
    private final Map<Value, Integer> remainingUses;

    IrExecution(Model model, Device device, ai.djl.Device djlDevice, boolean record) {
        super(PyTorchBackend.NAME, device);
        this.record = record;
        Graph g = model.graph();
        this.opset = model.opsetImports().getOrDefault("", model.opsetImports().getOrDefault("ai.onnx", 17L));
        this.order = topologicalOrder(g);
        this.inputs = g.inputs().stream().filter(v -> !v.isConstant()).toList();
        this.outputs = List.copyOf(g.outputs());
        this.remainingUses = countUses(order, outputs);
        this.base = Torch.engine().newBaseManager(djlDevice);
        try {
            for (Value v : g.initializers()) {
                weights.put(v, NdConvert.toNd(base, v.constant()));
            }
        } catch (RuntimeException e) {
            base.close();
            throw e;
        }
    }

    @Override
    public List<TensorSpec> inputs() {
        return inputs.stream().map(IrExecution::spec).toList();
    }

    @Override
    public List<TensorSpec> outputs() {
        return outputs.stream().map(IrExecution::spec).toList();
    }

    private static TensorSpec spec(Value v) {
        return new TensorSpec(v.name(), v.dtype(), v.shape(), v.layout());
    }

    @Override
    public boolean recordsIntermediates() {
        return record;
    }

    @Override
    protected LinkedHashMap<String, Tensor> runOpen(Map<String, Tensor> given) {
        Inputs.require(inputs(), given);
        List<Intermediate> recorded = new ArrayList<>();
        try (NDManager run = base.newSubManager()) {
            Map<Value, NDArray> env = new IdentityHashMap<>();
            for (Map.Entry<Value, NDArray> w : weights.entrySet()) {
                NDArray alias = w.getValue().reshape(w.getValue().getShape());
                alias.attach(run);
                env.put(w.getKey(), alias);
            }
            for (Value v : inputs) {
                env.put(v, NdConvert.toNd(run, given.get(v.name())));
            }
            OpContext ctx = new OpContext(run, opset);
            // Activations are freed as soon as their last reader has run (as TorchScript does), so
            // a deep network does not hold every intermediate until the end of the run.
            Map<Value, Integer> pending = new IdentityHashMap<>(remainingUses);
            Map<NDArray, Integer> holders = new IdentityHashMap<>();
            env.values().forEach(a -> holders.merge(a, 1, Integer::sum));
            for (Node n : order) {
                NDArray[] args = new NDArray[n.inputs().size()];
                for (int i = 0; i < args.length; i++) {
                    Value in = n.input(i);
                    if (in != null && !in.name().isEmpty()) {
                        args[i] = env.get(in);
                        if (args[i] == null) {
                            throw new InvalidGraphException("input '" + in.name() + "' of node " + n.describe()
                                    + " is not a graph input, an initializer or any node's output");
                        }
                    }
                }
                NDArray[] res = execute(n, ctx, args);
                for (int i = 0; i < n.outputs().size(); i++) {
                    Value out = n.output(i);
                    if (i < res.length && res[i] != null && !out.name().isEmpty()) {
                        env.put(out, res[i]);
                        holders.merge(res[i], 1, Integer::sum);
                        if (record) {
                            recorded.add(new Intermediate(out.name(), n.name(), n.opType(), out.layout(),
                                    NdConvert.toTensor(res[i])));
                        }
                    }
                }
                release(n, env, holders, pending);
            }
            LinkedHashMap<String, Tensor> result = new LinkedHashMap<>();
            for (Value v : outputs) {
                NDArray a = env.get(v);
                if (a == null) {
                    throw new InvalidGraphException("graph output '" + v.name() + "' is never computed");
                }
                result.put(v.name(), NdConvert.toTensor(a));
            }
            recordIntermediates(recorded);
            return result;
        }
    }

    /** Closes the arrays of {@code n}'s inputs that no later node, and no graph output, reads. */
    private void release(Node n, Map<Value, NDArray> env, Map<NDArray, Integer> holders, Map<Value, Integer> pending) {
        if (record) {
            return;
        }
        for (Value in : n.inputs()) {
            Integer left = in == null ? null : pending.computeIfPresent(in, (k, c) -> c - 1);
            if (left != null && left == 0 && in.producer() != null) {
                NDArray a = env.remove(in);
                if (a != null && holders.merge(a, -1, Integer::sum) == 0) {
                    holders.remove(a);
                    a.close();
                }
            }
        }
    }

    /** For every node output: how many node inputs read it (graph outputs are never released). */
    private static Map<Value, Integer> countUses(List<Node> order, List<Value> outputs) {
        Map<Value, Integer> uses = new IdentityHashMap<>();
        for (Node n : order) {
            for (Value in : n.inputs()) {
                if (in != null && in.producer() != null) {
                    uses.merge(in, 1, Integer::sum);
                }
            }
        }
        outputs.forEach(uses::remove);
        return uses;
    }

    private static NDArray[] execute(Node n, OpContext ctx, NDArray[] args) {
        OpKernel k = OpTable.get(n.opType());
        try {
            return k.run(ctx, n, args);
        } catch (RosettaException e) {
            throw e.addContext("while executing node " + n.describe() + " on the PyTorch engine");
        } catch (EngineException | IllegalArgumentException | IllegalStateException | UnsupportedOperationException
                 | ArithmeticException e) {
            InvalidGraphException g = new InvalidGraphException("node " + n.describe()
                    + " failed on the PyTorch engine: " + firstLine(e.getMessage()));
            g.initCause(e);
            throw g;
        }
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "(no message)";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Kahn's order of the nodes (ties keep graph order), without touching the graph. */
    static List<Node> topologicalOrder(Graph g) {
        List<Node> nodes = g.nodes();
        Map<Node, Integer> pending = new IdentityHashMap<>();
        Map<Node, List<Node>> consumers = new IdentityHashMap<>();
        Map<Node, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            position.put(nodes.get(i), i);
        }
        for (Node n : nodes) {
            int deps = 0;
            for (Value in : n.inputs()) {
                Node p = in == null ? null : in.producer();
                if (p != null && position.containsKey(p)) {
                    deps++;
                    consumers.computeIfAbsent(p, k -> new ArrayList<>()).add(n);
                }
            }
            pending.put(n, deps);
        }
        java.util.PriorityQueue<Node> ready = new java.util.PriorityQueue<>(
                java.util.Comparator.comparingInt(position::get));
        nodes.stream().filter(n -> pending.get(n) == 0).forEach(ready::add);
        List<Node> out = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            Node n = ready.poll();
            out.add(n);
            for (Node c : consumers.getOrDefault(n, List.of())) {
                if (pending.merge(c, -1, Integer::sum) == 0) {
                    ready.add(c);
                }
            }
        }
        if (out.size() != nodes.size()) {
            throw new InvalidGraphException("graph '" + g.name() + "' has a cycle; it cannot be executed");
        }
        return out;
    }

    @Override
    protected void release() {
        base.close();
    }
}
