package dev.rosetta.runtime.tensorflow;

import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.tensorflow.export.TfGraphBuilder;
import dev.rosetta.formats.tensorflow.export.TfTensorConversion;
import dev.rosetta.ir.Tensor;
import dev.rosetta.runtime.Device;
import dev.rosetta.runtime.EngineExecution;
import dev.rosetta.runtime.Inputs;
import dev.rosetta.runtime.Intermediate;
import dev.rosetta.runtime.TensorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TFUnimplementedException;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * A model loaded in a TensorFlow session: every kind of source ends up as a session plus the
 * graph outputs to feed and fetch, so one run loop serves SavedModels, GraphDefs and IR models.
 * Close releases what it owns (the session and graph, or the {@code SavedModelBundle}); idempotent.
 */
final class TfExecution extends EngineExecution {
    /** A declared input or output and the graph output it is fed to or fetched from. */
    record Port(TensorSpec spec, Output<?> output) {
    }

    private final Session session;
    private final List<AutoCloseable> owned;
    private final List<Port> inputs;
    private final List<Port> outputs;
    private final List<TfGraphBuilder.ValueOutput> recorded;

    /**
     * @param owned what to close, in order (the session, then its graph; or the SavedModel bundle)
     * @param recorded node outputs to fetch at each run, or {@code null} for none
     */
    TfExecution(Device device, Session session, List<AutoCloseable> owned, List<Port> inputs, List<Port> outputs,
                List<TfGraphBuilder.ValueOutput> recorded) {
        super(TensorFlowBackend.NAME, device);
        this.session = session;
        this.owned = List.copyOf(owned);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.recorded = recorded;
    }

    @Override
    public List<TensorSpec> inputs() {
        return inputs.stream().map(Port::spec).toList();
    }

    @Override
    public List<TensorSpec> outputs() {
        return outputs.stream().map(Port::spec).toList();
    }

    @Override
    public boolean recordsIntermediates() {
        return recorded != null;
    }

    @Override
    protected LinkedHashMap<String, Tensor> runOpen(Map<String, Tensor> given) {
        Inputs.require(inputs(), given);
        List<org.tensorflow.Tensor> fed = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            for (Port p : inputs) {
                org.tensorflow.Tensor t = TfTensorConversion.toTf(given.get(p.spec().name()));
                fed.add(t);
                runner.feed(p.output(), t);
            }
            outputs.forEach(p -> runner.fetch(p.output()));
            if (recorded != null) {
                recorded.forEach(v -> runner.fetch(v.output()));
            }
            try (Result r = runner.run()) {
                LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
                for (int i = 0; i < outputs.size(); i++) {
                    out.put(outputs.get(i).spec().name(), TfTensorConversion.fromTf(r.get(i)));
                }
                if (recorded != null) {
                    List<Intermediate> list = new ArrayList<>();
                    for (int i = 0; i < recorded.size(); i++) {
                        TfGraphBuilder.ValueOutput v = recorded.get(i);
                        list.add(new Intermediate(v.value(), v.node(), v.op(), v.layout(),
                                TfTensorConversion.fromTf(r.get(outputs.size() + i))));
                    }
                    recordIntermediates(list);
                }
                return out;
            }
        } catch (TFInvalidArgumentException e) {
            throw new UsageException("TensorFlow rejected the inputs: " + firstLine(e));
        } catch (TFUnimplementedException e) {
            // Not a TensorFlowException: an NCHW convolution, say, which TensorFlow runs on GPUs only.
            RosettaException r = new UnsupportedFeatureException("TensorFlow cannot run the model on "
                    + device() + ": " + firstLine(e) + " (verify can run it on another engine: --backend-source pytorch)");
            r.initCause(e);
            throw r;
        } catch (TensorFlowException e) {
            RosettaException r = new UnsupportedFeatureException("TensorFlow failed running the model: " + firstLine(e));
            r.initCause(e);
            throw r;
        } finally {
            fed.forEach(org.tensorflow.Tensor::close);
        }
    }

    static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    protected void release() {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                // TensorFlow's close methods do not throw checked exceptions in practice
            }
        }
    }
}
