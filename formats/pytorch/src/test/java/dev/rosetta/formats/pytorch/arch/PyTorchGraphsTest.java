package dev.rosetta.formats.pytorch.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.Model;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CLI's entry point: a weights-only model gains a graph in place, or stays as it is. */
class PyTorchGraphsTest {

    @Test
    void attachBuildsInPlaceKeepingTheInitializers() {
        Model m = StateDicts.resnet(true, new int[] {3, 4, 6, 3}, 1, 64, 1000).model();
        List<Value> before = new ArrayList<>(m.graph().initializers());
        Optional<Architecture> a = PyTorchGraphs.attachArchitecture(m);
        assertTrue(a.isPresent());
        assertTrue(m.hasComputation());
        assertEquals(before, m.graph().initializers(), "the same initializer values, same order");
        assertEquals("torchvision resnet50 (Bottleneck [3,4,6,3], 1000 classes)", m.metadata().get(PyTorchGraphs.ARCHITECTURE));
        assertEquals("resnet", m.metadata().get(PyTorchGraphs.FAMILY));
        assertEquals("resnet50", m.metadata().get(PyTorchGraphs.VARIANT));
        assertEquals(17L, m.opsetImports().get(""));
        m.graph().validate();
        assertThrows(IllegalArgumentException.class, () -> PyTorchGraphs.attachArchitecture(m));
        m.close();
    }

    @Test
    void withArchitectureReturnsTheSameModel() {
        Model m = StateDicts.mobilenetV2(1.0, 1000).model();
        assertSame(m, PyTorchGraphs.withArchitecture(m));
        assertTrue(m.hasComputation());
        assertTrue(PyTorchGraphs.noGraphReason(m).contains("mobilenet_v2"));
    }

    @Test
    void unrecognizedModelsStayWeightsOnly() {
        Model m = new StateDicts.Builder().put("encoder.weight", 4, 4).model();
        assertFalse(PyTorchGraphs.attachArchitecture(m).isPresent());
        assertFalse(m.hasComputation());
        assertTrue(m.metadata().isEmpty());
        assertTrue(m.graph().inputs().isEmpty());
        String reason = PyTorchGraphs.noGraphReason(m);
        assertTrue(reason.startsWith("no graph exists: the state dict matches no known architecture (resnet: "), reason);
    }

    /** Recognition reads names and shapes only. Timed for the record, not asserted (no timed assertions). */
    @Test
    void resnet50RecognitionIsCheap() {
        var g = StateDicts.resnet(true, new int[] {3, 4, 6, 3}, 1, 64, 1000).graph();
        for (int i = 0; i < 3; i++) {
            ArchitectureRecognizer.recognize(g); // warm up
        }
        long t0 = System.nanoTime();
        int runs = 20;
        for (int i = 0; i < runs; i++) {
            assertTrue(ArchitectureRecognizer.recognize(g).isPresent());
        }
        long recognize = (System.nanoTime() - t0) / runs;
        long t1 = System.nanoTime();
        PyTorchGraphs.attachArchitecture(new Model(g, "test"));
        long build = System.nanoTime() - t1;
        System.out.printf("resnet50: recognition %.3f ms (mean of %d), recognition + build %.3f ms%n",
                recognize / 1e6, runs, build / 1e6);
    }
}
