package dev.rosetta.layout.naming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.ir.pass.PassManager;
import dev.rosetta.layout.DenseWeights;
import dev.rosetta.layout.Direction;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.LayoutConversion;
import dev.rosetta.layout.kernel.WeightPermutations;
import dev.rosetta.layout.pass.PermuteWeightsByTag;
import dev.rosetta.layout.testing.G;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NameMapTest {

    /** A weights-only torchvision-style ResNet stem and head. */
    static G stateDict() {
        G g = new G(61);
        g.weight("conv1.weight", Layout.UNKNOWN, 8, 3, 7, 7);
        for (String s : new String[] {"weight", "bias", "running_mean", "running_var"}) {
            g.weight("bn1." + s, Layout.NONE, 8);
        }
        g.weight("layer1.0.conv1.weight", Layout.UNKNOWN, 4, 8, 1, 1);
        g.weight("layer1.0.downsample.0.weight", Layout.UNKNOWN, 16, 8, 1, 1);
        g.weight("bn1.num_batches_tracked", Layout.NONE, 1);
        g.weight("fc.weight", Layout.UNKNOWN, 10, 16);
        g.weight("fc.bias", Layout.NONE, 10);
        return g;
    }

    @Test
    void torchvisionStateDictToKerasNamesAndBack() {
        G g = stateDict();
        Map<String, Tensor> w0 = G.snapshot(g.graph);
        LayoutConversion.Result r = LayoutConversion.toChannelsLast(IoLayout.KEEP)
                .withNameScheme(ResNetNames.TORCHVISION_TO_KERAS).run(g.graph);
        Value k = g.graph.initializer("conv1_conv/kernel");
        assertEquals(Layout.HWIO, k.layout());
        assertArrayEquals(new long[] {7, 7, 3, 8}, k.constant().shape());
        assertTrue(WeightPermutations.oihwToHwio(w0.get("conv1.weight")).contentEquals(k.constant()));
        assertArrayEquals(new long[] {16, 10}, g.graph.initializer("predictions/kernel").constant().shape());
        assertTrue(g.graph.initializer("conv2_block1_0_conv/kernel") != null);
        assertTrue(g.graph.initializer("bn1.num_batches_tracked") != null);
        assertTrue(r.explain().stream().anyMatch(l -> l.contains("no counterpart") && l.contains("bn1.num_batches_tracked")));

        NameMap m = r.nameMap();
        NameMap.Entry e = m.bySource("conv1.weight").orElseThrow();
        assertEquals("conv1_conv/kernel", e.targetName());
        assertArrayEquals(new int[] {2, 3, 1, 0}, e.permutation().orElseThrow().axes());
        assertEquals("conv1_bn/moving_mean", m.bySource("bn1.running_mean").orElseThrow().targetName());
        for (NameMap.Entry x : m.entries()) {
            assertTrue(x.transform().apply(w0.get(x.sourceName())).contentEquals(g.graph.initializer(x.targetName()).constant()));
        }

        // Back: the inverse map restores names and tensors bit for bit.
        assertEquals(m.entries().size(), m.inverse().applyTo(g.graph, true) + 1);
        for (String name : w0.keySet()) {
            assertTrue(w0.get(name).contentEquals(g.graph.initializer(name).constant()), name);
        }
    }

    @Test
    void kerasWeightsToTorchvisionThroughTheReverseScheme() {
        G g = new G(62);
        g.weight("conv1_conv/kernel", Layout.UNKNOWN, 7, 7, 3, 8);
        g.weight("conv1_conv/bias", Layout.UNKNOWN, 8);
        g.weight("predictions/kernel", Layout.UNKNOWN, 16, 10);
        Map<String, Tensor> w0 = G.snapshot(g.graph);
        LayoutConversion.Result r = LayoutConversion.toChannelsFirst(IoLayout.KEEP)
                .withNameScheme(ResNetNames.KERAS_TO_TORCHVISION).run(g.graph);
        assertTrue(WeightPermutations.hwioToOihw(w0.get("conv1_conv/kernel")).contentEquals(g.graph.initializer("conv1.weight").constant()));
        assertTrue(WeightPermutations.ioToOi(w0.get("predictions/kernel")).contentEquals(g.graph.initializer("fc.weight").constant()));
        assertEquals("conv1.bias", r.nameMap().bySource("conv1_conv/bias").orElseThrow().targetName());
    }

    @Test
    void jsonRoundTripsAndRejectsGarbage(@TempDir Path dir) throws Exception {
        G g = stateDict();
        LayoutConversion.Result r = LayoutConversion.toChannelsLast(IoLayout.KEEP)
                .withNameScheme(ResNetNames.TORCHVISION_TO_KERAS).run(g.graph);
        NameMap m = r.nameMap();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NameMapJson.write(m, out);
        Path f = dir.resolve("map.json");
        Files.write(f, out.toByteArray());
        NameMap back = NameMapJson.read(f);
        assertEquals(m, back);
        String json = out.toString();
        assertTrue(json.contains("\"source\" : \"conv1.weight\""));
        assertTrue(json.contains("\"permutation\" : [ 2, 3, 1, 0 ]"));
        assertTrue(json.contains("\"label\" : \"OIHW->HWIO\""));

        MalformedInputException bad = assertThrows(MalformedInputException.class, () -> NameMapJson.parse("{\"format\": 3}", f));
        assertTrue(bad.getMessage().startsWith(f.toString()));
        assertThrows(MalformedInputException.class, () -> NameMapJson.parse("[", null));
        String wrongShape = json.replaceFirst("\"targetShape\" : \\[ 7, 7, 3, 8 \\]", "\"targetShape\" : [ 7, 7, 3, 9 ]");
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> NameMapJson.parse(wrongShape, null));
        assertTrue(e.getMessage().contains("entry 0"), e.getMessage());
    }

    @Test
    void identityMapAndCollisions() {
        Graph g = stateDict().graph;
        NameMap id = NameMap.identity(g);
        assertEquals(g.initializers().size(), id.entries().size());
        assertEquals(0, id.applyTo(g, true));
        NameMap clash = new NameMap(List.of(NameMap.Entry.rename("fc.weight", "fc.bias", new long[] {10, 16})));
        assertThrows(InvalidGraphException.class, () -> clash.applyTo(g, false));
        NameMap two = new NameMap(List.of(NameMap.Entry.rename("fc.bias", "head.b", new long[] {10})));
        assertEquals("head.b", id.then(two).bySource("fc.bias").orElseThrow().targetName());
    }

    @Test
    void ledgerFollowsRenamesAndCopies() {
        G g = stateDict();
        TransformLedger ledger = TransformLedger.start(g.graph);
        new PassManager(List.of(new RenameInitializers(ResNetNames.TORCHVISION_TO_KERAS),
                new PermuteWeightsByTag(Direction.TO_CHANNELS_LAST, DenseWeights.IO, ledger))).run(g.graph);
        NameMap m = ledger.toNameMap(g.graph);
        assertEquals("OI->IO", m.bySource("fc.weight").orElseThrow().transform().label());
        assertEquals("predictions/kernel", m.bySource("fc.weight").orElseThrow().targetName());
    }
}
