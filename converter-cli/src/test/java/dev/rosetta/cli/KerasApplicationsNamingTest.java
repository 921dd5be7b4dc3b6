package dev.rosetta.cli;

import static dev.rosetta.cli.CliTest.rosetta;
import static dev.rosetta.cli.ConvertGoldenTest.GOLDEN;
import static dev.rosetta.cli.ConvertGoldenTest.python;
import static dev.rosetta.cli.ConvertGoldenTest.runPython;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --naming keras-applications}: torchvision ResNet weights written as keras.applications
 * names and lays them out, the v1/v1.5 warning, the ResNet v1 graph recovered from a
 * keras.applications weights file, and num_batches_tracked through a {@code .keras} archive.
 */
class KerasApplicationsNamingTest {
    static final Path NARROW = GOLDEN.resolve("resnet_bottleneck_narrow");

    @TempDir
    Path dir;

    /**
     * The weight-holding layers of {@code keras.applications.ResNet50()} in {@code model.layers}
     * order, one line each: {@code name var:shape var:shape ...}, derived from resnet.py's rules:
     * stem {@code conv1_conv} (7x7, 64, biased) and {@code conv1_bn}; stacks conv2..conv5 of
     * [3, 4, 6, 3] blocks with filters 64..512, each block {@code _1_conv} 1x1 f, {@code _2_conv}
     * 3x3 f, {@code _3_conv} 1x1 4f, a {@code _0_conv} 1x1 4f shortcut in block 1, every conv biased,
     * every BN gamma, beta, moving_mean, moving_variance; {@code predictions} Dense 2048x1000. In a
     * Functional model layers come by decreasing depth (longest path to the output), ties in the
     * order a walk from the output first reaches them; the shortcut branch has the depths of
     * {@code _3_conv}/{@code _3_bn} and the block's {@code Add([shortcut, x])} reaches it first, so
     * a first block lists {@code _1_conv _1_bn _2_conv _2_bn _0_conv _3_conv _0_bn _3_bn}.
     */
    static List<String> resnet50Specification() {
        List<String> out = new ArrayList<>();
        out.add(conv("conv1_conv", 7, 3, 64));
        out.add(bn("conv1_bn", 64));
        int[] blocks = {3, 4, 6, 3};
        long[] filters = {64, 128, 256, 512};
        long in = 64;
        for (int s = 0; s < 4; s++) {
            long f = filters[s];
            for (int b = 1; b <= blocks[s]; b++) {
                String p = "conv" + (s + 2) + "_block" + b + "_";
                out.add(conv(p + "1_conv", 1, in, f));
                out.add(bn(p + "1_bn", f));
                out.add(conv(p + "2_conv", 3, f, f));
                out.add(bn(p + "2_bn", f));
                if (b == 1) {
                    out.add(conv(p + "0_conv", 1, in, 4 * f));
                }
                out.add(conv(p + "3_conv", 1, f, 4 * f));
                if (b == 1) {
                    out.add(bn(p + "0_bn", 4 * f));
                }
                out.add(bn(p + "3_bn", 4 * f));
                in = 4 * f;
            }
        }
        out.add("predictions predictions/kernel:0:[2048, 1000] predictions/bias:0:[1000]");
        return out;
    }

    private static String conv(String name, long k, long in, long out) {
        return name + " " + name + "/kernel:0:[" + k + ", " + k + ", " + in + ", " + out + "] " + name + "/bias:0:[" + out + "]";
    }

    private static String bn(String name, long c) {
        StringBuilder sb = new StringBuilder(name);
        for (String v : new String[] {"gamma", "beta", "moving_mean", "moving_variance"}) {
            sb.append(' ').append(name).append('/').append(v).append(":0:[").append(c).append(']');
        }
        return sb.toString();
    }

    /** h5py's view of a legacy HDF5 file's weight-holding layers, in the form of {@link #resnet50Specification}. */
    private static List<String> weightLayers(Path h5) throws Exception {
        String script = String.join("\n",
                "import sys, h5py",
                "f = h5py.File(sys.argv[1], 'r')",
                "g = f['model_weights'] if 'model_weights' in f else f",
                "for n in g.attrs['layer_names']:",
                "    n = n.decode()",
                "    names = [w.decode() for w in g[n].attrs['weight_names']]",
                "    if names:",
                "        print(' '.join([n] + ['%s:%s' % (w, list(g[n][w].shape)) for w in names]))");
        return runPython(script, h5.toString()).lines().toList();
    }

    @Test
    void realResnet50IsLaidOutAsKerasApplicationsResnet50() throws Exception {
        Assumptions.assumeTrue(python("torchvision") && python("h5py"), "python3-torchvision/h5py are not installed");
        Path sd = dir.resolve("resnet50.pt");
        runPython("import sys, torch, torchvision; torch.save(torchvision.models.resnet50().state_dict(), sys.argv[1])",
                sd.toString());
        for (String mode : List.of("full", "weights-only")) {
            Path out = dir.resolve(mode + ".h5");
            List<String> args = new ArrayList<>(List.of("convert", sd.toString(), "-o", out.toString(),
                    "--naming", "keras-applications"));
            if (mode.equals("weights-only")) {
                args.add("--weights-only");
            }
            CliTest.Result r = rosetta(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            assertEquals(resnet50Specification(), weightLayers(out), mode);
        }
    }

    @Test
    void fullModelKeepsTheTorchvisionFunctionAndWarns() throws Exception {
        Path h5 = dir.resolve("named.h5");
        CliTest.Result c = rosetta("convert", NARROW.resolve("state_dict.pt").toString(), "-o", h5.toString(),
                "--naming", "keras-applications");
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("warning: keras.applications ResNet is ResNet v1")
                && c.out().contains("v1.5") && c.out().contains("load_weights"), c.out());
        CliTest.Result v = rosetta("verify", NARROW.resolve("state_dict.pt").toString(), h5.toString(),
                "--input", NARROW.resolve("input.npy").toString());
        assertEquals(0, v.code(), v.out() + v.err());
        if (python("h5py")) {
            String layers = runPython("import sys, h5py, json; c = json.loads(h5py.File(sys.argv[1], 'r').attrs['model_config']);"
                    + " print(' '.join(l['name'] for l in c['config']['layers']))", h5.toString());
            for (String name : List.of("conv1_pad", "conv1_relu", "pool1_pad", "pool1_pool", "conv2_block1_1_relu",
                    "conv2_block1_add", "conv2_block1_out", "avg_pool", "predictions")) {
                assertTrue((" " + layers.strip() + " ").contains(" " + name + " "), name + " missing in " + layers);
            }
        }
    }

    @Test
    void withoutKerasApplicationsNamingThereIsNoWarning() {
        CliTest.Result c = rosetta("convert", NARROW.resolve("state_dict.pt").toString(), "-o",
                dir.resolve("plain.h5").toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(!c.out().contains("warning:"), c.out());
    }

    /**
     * The weights-only file reads as keras.applications' ResNet v1 graph: verify against the
     * torchvision source fails, and the graph computes what a real PyTorch ResNet v1 computes (the
     * same weights with each downsampling stride moved to the first 1x1 conv, BN epsilon 1.001e-5
     * and a softmax head).
     */
    @Test
    void kerasApplicationsWeightsFileReadsAsResnetV1() throws Exception {
        Path w = dir.resolve("weights.h5");
        CliTest.Result c = rosetta("convert", NARROW.resolve("state_dict.pt").toString(), "-o", w.toString(),
                "--naming", "keras-applications", "--weights-only");
        assertEquals(0, c.code(), c.err());
        CliTest.Result i = rosetta("inspect", "--json", w.toString());
        assertEquals(0, i.code(), i.err());
        JsonNode meta = new ObjectMapper().readTree(i.out()).get("metadata");
        assertEquals("keras.applications.resnet", meta.path("architecture.family").asText(), meta.toString());
        CliTest.Result v = rosetta("verify", NARROW.resolve("state_dict.pt").toString(), w.toString(),
                "--input", NARROW.resolve("input.npy").toString());
        assertEquals(1, v.code(), v.out() + v.err());
        assertTrue(v.out().contains("FAIL"), v.out());
        CliTest.Result raw = rosetta("inspect", w.toString(), "--weights-only");
        assertEquals(0, raw.code(), raw.err());
        assertTrue(raw.out().contains("0 nodes"), raw.out());

        Assumptions.assumeTrue(python("torch"), "python3-torch is not installed: no ResNet v1 oracle");
        Path x = dir.resolve("x_nhwc.npy");
        Path y = dir.resolve("y_v1.npy");
        String script = String.join("\n",
                "import sys, numpy, torch",
                "sys.path.insert(0, sys.argv[2])",
                "from torchvision.models.resnet import Bottleneck",
                "from generate_golden_torch import NarrowResNet",
                "m = NarrowResNet(Bottleneck, [2, 1, 1, 1], [4, 8, 16, 32], 8, 10)",
                "m.load_state_dict(torch.load(sys.argv[1], weights_only=True))",
                "for layer in (m.layer1, m.layer2, m.layer3, m.layer4):",
                "    b = layer[0]",
                "    b.conv1.stride, b.conv2.stride = b.conv2.stride, (1, 1)",
                "for mod in m.modules():",
                "    if isinstance(mod, torch.nn.BatchNorm2d):",
                "        mod.eps = 1.001e-5",
                "m.eval()",
                "x = torch.from_numpy(numpy.load(sys.argv[3]))",
                "with torch.no_grad():",
                "    y = torch.softmax(m(x), dim=1).numpy()",
                "numpy.save(sys.argv[4], x.permute(0, 2, 3, 1).contiguous().numpy())",
                "numpy.save(sys.argv[5], y)",
                "print('v1', y.shape)");
        Path scripts = Path.of(System.getProperty("rosetta.root", ".")).resolve("scripts");
        runPython(script, NARROW.resolve("state_dict.pt").toString(), scripts.toString(),
                NARROW.resolve("input.npy").toString(), x.toString(), y.toString());
        CliTest.Result golden = rosetta("verify", w.toString(), "--input", x.toString(), "--expected", y.toString());
        assertEquals(0, golden.code(), golden.out() + golden.err());
    }

    /** .pt -> .keras -> .pt gives back every tensor, num_batches_tracked included (real PyTorch compares). */
    @Test
    void kerasArchiveCarriesBatchCounters() throws Exception {
        Path sd = NARROW.resolve("state_dict.pt");
        Path mid = dir.resolve("mid.keras");
        Path back = dir.resolve("back.pt");
        assertEquals(0, rosetta("convert", sd.toString(), "-o", mid.toString()).code());
        CliTest.Result r = rosetta("convert", mid.toString(), "-o", back.toString());
        assertEquals(0, r.code(), r.err());
        Assumptions.assumeTrue(python("torch"), "python3-torch is not installed: real PyTorch cannot check the file");
        String out = runPython(String.join("\n",
                "import sys, torch",
                "a = torch.load(sys.argv[1], weights_only=True)",
                "b = torch.load(sys.argv[2], weights_only=True)",
                "assert sorted(a) == sorted(b), set(a) ^ set(b)",
                "for k in a:",
                "    assert a[k].dtype == b[k].dtype and torch.equal(a[k], b[k]), k",
                "print('identical', sum(k.endswith('num_batches_tracked') for k in a))"), sd.toString(), back.toString());
        assertTrue(out.contains("identical 20"), out);
    }
}
