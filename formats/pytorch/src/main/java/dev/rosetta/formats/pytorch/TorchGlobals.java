package dev.rosetta.formats.pytorch;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.pytorch.pickle.GlobalResolver;
import dev.rosetta.formats.pytorch.pickle.PickleCallable;
import dev.rosetta.formats.pytorch.pickle.PickleClass;
import dev.rosetta.formats.pytorch.pickle.PyBytes;
import dev.rosetta.formats.pytorch.pickle.PyDict;
import dev.rosetta.formats.pytorch.pickle.PyList;
import dev.rosetta.formats.pytorch.pickle.PyNone;
import dev.rosetta.formats.pytorch.pickle.PyObject;
import dev.rosetta.formats.pytorch.pickle.PySet;
import dev.rosetta.formats.pytorch.pickle.PyTuple;
import dev.rosetta.formats.pytorch.pickle.PyValues;
import dev.rosetta.ir.DType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The allow-list of globals a {@code torch.save} pickle may name, each implemented here in Java.
 *
 * <p>Allowed: the tensor rebuild functions ({@code torch._utils._rebuild_tensor_v2},
 * {@code _rebuild_tensor}, {@code _rebuild_parameter}, {@code _rebuild_parameter_with_state},
 * {@code torch._tensor._rebuild_from_type_v2}), {@code torch.nn.parameter.Parameter}, the storage
 * classes of every IR dtype ({@code torch.FloatStorage} ... {@code torch.BoolStorage},
 * {@code torch.UntypedStorage}), dtype constants ({@code torch.float32} ...), {@code torch.Size},
 * {@code torch.device}, {@code collections.OrderedDict}, {@code builtins.set/frozenset/list/dict/tuple},
 * {@code builtins.bytes/bytearray}, {@code _codecs.encode} (how protocol-2 pickles spell bytes),
 * and NumPy scalars, dtypes and arrays ({@code numpy.core.multiarray.scalar}, {@code numpy.dtype},
 * {@code numpy.core.multiarray._reconstruct}), which become opaque {@link PyObject}s that record
 * their arguments and state and are skipped as non-tensor values. Known PyTorch globals for tensor
 * kinds the IR cannot hold (sparse, quantized, complex, meta, nested) are refused with an
 * {@link UnsupportedFeatureException}; any other global resolves to {@code null}, which the
 * unpickler refuses as unsafe.
 *
 * <p>In TorchScript mode, classes under {@code __torch__} (the scripted modules) resolve to opaque
 * classes whose instances only record their state ({@link PyObject}), and the
 * {@code torch.jit._pickle} list builders are allowed as identity functions.
 */
final class TorchGlobals implements GlobalResolver {
    private static final Set<String> UNSUPPORTED_REBUILDS = Set.of(
            "_rebuild_qtensor", "_rebuild_sparse_tensor", "_rebuild_sparse_csr_tensor",
            "_rebuild_device_tensor_from_numpy", "_rebuild_meta_tensor_no_storage", "_rebuild_wrapper_subclass",
            "_rebuild_nested_tensor", "_rebuild_xla_tensor", "_rebuild_mlc_tensor", "_rebuild_typed_storage",
            "_rebuild_typed_storage_child", "_rebuild_dtensor");
    private static final Map<String, DType> DTYPES = Map.ofEntries(
            Map.entry("float32", DType.FLOAT32), Map.entry("float", DType.FLOAT32),
            Map.entry("float16", DType.FLOAT16), Map.entry("half", DType.FLOAT16),
            Map.entry("bfloat16", DType.BFLOAT16), Map.entry("float64", DType.FLOAT64),
            Map.entry("double", DType.FLOAT64), Map.entry("int8", DType.INT8), Map.entry("uint8", DType.UINT8),
            Map.entry("int16", DType.INT16), Map.entry("short", DType.INT16), Map.entry("int32", DType.INT32),
            Map.entry("int", DType.INT32), Map.entry("int64", DType.INT64), Map.entry("long", DType.INT64),
            Map.entry("bool", DType.BOOL));
    private static final Set<String> OTHER_DTYPES = Set.of("complex32", "complex64", "complex128", "cfloat",
            "cdouble", "chalf", "qint8", "quint8", "qint32", "quint4x2", "quint2x4", "float8_e4m3fn",
            "float8_e5m2", "uint16", "uint32", "uint64");

    private static final Set<String> NUMPY_VALUES = Set.of(
            "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar", "numpy.dtype",
            "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct", "numpy.ndarray");

    /** A dtype constant such as {@code torch.float32}; {@code dtype} is null for types the IR lacks. */
    record TorchDtype(String name, DType dtype) {
        @Override
        public String toString() {
            return "torch." + name;
        }
    }

    /** A type named only to be compared against ({@code torch.Tensor}, {@code Parameter}). */
    record TypeMarker(String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** An allow-listed function: a name for messages and a Java body. */
    record Builtin(String name, Function<PyTuple, Object> body) implements PickleCallable {
        @Override
        public Object call(PyTuple args) {
            return body.apply(args);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A TorchScript class: instances are opaque records of their state. */
    record OpaqueClass(String name) implements PickleClass {
        @Override
        public Object instantiate(PyTuple args, PyDict kwargs) {
            return new PyObject(name, args);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** {@code torch.nn.parameter.Parameter}: {@code Parameter(data, requires_grad)} is its data. */
    private static final class ParameterClass implements PickleClass, PickleCallable {
        @Override
        public Object instantiate(PyTuple args, PyDict kwargs) {
            return call(args);
        }

        @Override
        public Object call(PyTuple args) {
            if (args.size() == 0) {
                throw new IllegalArgumentException("Parameter() without data");
            }
            return tensorArg(args.get(0), "Parameter data");
        }

        @Override
        public String toString() {
            return "torch.nn.parameter.Parameter";
        }
    }

    private final boolean torchScript;

    /** @param torchScript also allow {@code __torch__} classes and {@code torch.jit._pickle} helpers */
    TorchGlobals(boolean torchScript) {
        this.torchScript = torchScript;
    }

    @Override
    public Object resolve(String module, String name) {
        String mod = module.equals("torch.tensor") ? "torch._tensor" : module;
        switch (mod + "." + name) {
            case "torch._utils._rebuild_tensor_v2" -> {
                return new Builtin("torch._utils._rebuild_tensor_v2", a -> rebuildTensor(a, 6, 7));
            }
            case "torch._utils._rebuild_tensor" -> {
                return new Builtin("torch._utils._rebuild_tensor", a -> rebuildTensor(a, 4, 4));
            }
            case "torch._utils._rebuild_parameter" -> {
                return new Builtin("torch._utils._rebuild_parameter", a -> rebuildParameter(a, 3));
            }
            case "torch._utils._rebuild_parameter_with_state" -> {
                return new Builtin("torch._utils._rebuild_parameter_with_state", a -> rebuildParameter(a, 4));
            }
            case "torch._tensor._rebuild_from_type_v2", "torch._tensor._rebuild_from_type" -> {
                return new Builtin(mod + "." + name, TorchGlobals::rebuildFromType);
            }
            case "torch.nn.parameter.Parameter" -> {
                return new ParameterClass();
            }
            case "torch.Tensor" -> {
                return new TypeMarker("torch.Tensor");
            }
            case "torch.Size" -> {
                return new Builtin("torch.Size", a -> a.size() == 0 ? PyTuple.EMPTY
                        : new PyTuple(PyValues.iterate(a.get(0), "torch.Size argument")));
            }
            case "torch.device" -> {
                return new Builtin("torch.device", TorchGlobals::device);
            }
            case "torch.serialization._get_layout" -> {
                return new Builtin("torch.serialization._get_layout", a -> PyValues.asString(a.get(0), "layout"));
            }
            case "collections.OrderedDict" -> {
                return new Builtin("collections.OrderedDict", a -> dictOf(a, true));
            }
            case "builtins.dict", "__builtin__.dict" -> {
                return new Builtin("builtins.dict", a -> dictOf(a, false));
            }
            case "builtins.list", "__builtin__.list" -> {
                return new Builtin("builtins.list", a -> new PyList(a.size() == 0 ? List.of() : PyValues.iterate(a.get(0), "list argument")));
            }
            case "builtins.tuple", "__builtin__.tuple" -> {
                return new Builtin("builtins.tuple", a -> a.size() == 0 ? PyTuple.EMPTY : new PyTuple(PyValues.iterate(a.get(0), "tuple argument")));
            }
            case "builtins.set", "__builtin__.set" -> {
                return new Builtin("builtins.set", a -> setOf(a, false));
            }
            case "builtins.frozenset", "__builtin__.frozenset" -> {
                return new Builtin("builtins.frozenset", a -> setOf(a, true));
            }
            case "builtins.bytes", "__builtin__.bytes", "builtins.bytearray", "__builtin__.bytearray" -> {
                return new Builtin("builtins." + name, TorchGlobals::bytesOf);
            }
            case "_codecs.encode" -> {
                return new Builtin("_codecs.encode", TorchGlobals::encode);
            }
            default -> {
                // fall through to the families below
            }
        }
        if (mod.equals("torch._utils") && UNSUPPORTED_REBUILDS.contains(name)) {
            throw new UnsupportedFeatureException("the pickle holds a tensor kind the IR cannot hold (torch._utils."
                    + name + ": sparse, quantized, meta, nested or device-specific tensors are not supported)");
        }
        if (name.endsWith("Storage") && (mod.equals("torch") || mod.equals("torch.cuda") || mod.equals("torch.storage"))) {
            StorageType t = StorageType.of(name);
            if (t == null) {
                throw new UnsupportedFeatureException("the pickle holds a storage of type " + mod + "." + name
                        + ", whose element type the IR does not have (supported: "
                        + String.join(", ", StorageType.NAMES.values().stream().sorted().toList()) + ")");
            }
            return t;
        }
        if (mod.equals("torch") && DTYPES.containsKey(name)) {
            return new TorchDtype(name, DTYPES.get(name));
        }
        if (mod.equals("torch") && OTHER_DTYPES.contains(name)) {
            return new TorchDtype(name, null);
        }
        if (NUMPY_VALUES.contains(mod + "." + name)) {
            // NumPy scalars, dtypes and arrays in checkpoint metadata: kept as opaque values (skipped
            // from the state dict), never constructed.
            String full = mod + "." + name;
            return new Builtin(full, a -> new PyObject(full, a));
        }
        if (torchScript) {
            if (mod.equals("__torch__") || mod.startsWith("__torch__.")) {
                return new OpaqueClass(mod + "." + name);
            }
            if (mod.equals("torch.jit._pickle")) {
                return jitPickle(name);
            }
        }
        return null;
    }

    private static Object jitPickle(String name) {
        return switch (name) {
            case "build_intlist", "build_doublelist", "build_boollist", "build_tensorlist", "build_complexlist" ->
                    new Builtin("torch.jit._pickle." + name, a -> a.size() == 1 ? a.get(0) : PyNone.NONE);
            case "restore_type_tag" -> new Builtin("torch.jit._pickle.restore_type_tag", a -> a.size() > 0 ? a.get(0) : PyNone.NONE);
            case "build_tensor_from_id" -> throw new UnsupportedFeatureException(
                    "TorchScript archive refers to tensors by id (torch.jit._pickle.build_tensor_from_id), an old layout that is not supported");
            default -> null;
        };
    }

    private static Object rebuildTensor(PyTuple a, int minArgs, int maxArgs) {
        if (a.size() < minArgs || a.size() > maxArgs) {
            throw new IllegalArgumentException("expected " + (minArgs == maxArgs ? "" + minArgs : minArgs + " to " + maxArgs)
                    + " arguments (storage, storage_offset, size, stride, ...), found " + a.size());
        }
        if (!(a.get(0) instanceof StorageRef storage)) {
            throw new IllegalArgumentException("the first argument must be a storage (a persistent id), found "
                    + PyValues.typeName(a.get(0)));
        }
        long offset = PyValues.asLong(a.get(1), "storage_offset");
        long[] size = PyValues.asLongArray(a.get(2), "size");
        long[] stride = PyValues.asLongArray(a.get(3), "stride");
        if (offset < 0) {
            throw new IllegalArgumentException("negative storage_offset " + offset);
        }
        if (size.length != stride.length) {
            throw new IllegalArgumentException("size has " + size.length + " dimensions but stride has " + stride.length);
        }
        for (int i = 0; i < size.length; i++) {
            if (size[i] < 0 || stride[i] < 0) {
                throw new IllegalArgumentException("negative size or stride in size " + java.util.Arrays.toString(size)
                        + " stride " + java.util.Arrays.toString(stride));
            }
        }
        return new TensorRef(storage, offset, size, stride);
    }

    private static Object rebuildParameter(PyTuple a, int args) {
        if (a.size() != args) {
            throw new IllegalArgumentException("expected " + args + " arguments (data, requires_grad, backward_hooks"
                    + (args == 4 ? ", state" : "") + "), found " + a.size());
        }
        return tensorArg(a.get(0), "parameter data");
    }

    private static Object rebuildFromType(PyTuple a) {
        if (a.size() != 4) {
            throw new IllegalArgumentException("expected 4 arguments (func, type, args, state), found " + a.size());
        }
        if (!(a.get(0) instanceof PickleCallable f)) {
            throw new IllegalArgumentException("func must be an allow-listed function, found " + PyValues.describe(a.get(0)));
        }
        if (!(a.get(1) instanceof TypeMarker) && !(a.get(1) instanceof ParameterClass)) {
            throw new IllegalArgumentException("type must be torch.Tensor or Parameter, found " + PyValues.describe(a.get(1)));
        }
        if (!(a.get(2) instanceof PyTuple args)) {
            throw new IllegalArgumentException("args must be a tuple, found " + PyValues.typeName(a.get(2)));
        }
        return f.call(args);
    }

    private static TensorRef tensorArg(Object v, String what) {
        if (v instanceof TensorRef t) {
            return t;
        }
        throw new IllegalArgumentException(what + " must be a tensor, found " + PyValues.typeName(v));
    }

    private static Object device(PyTuple a) {
        if (a.size() == 0 || a.size() > 2) {
            throw new IllegalArgumentException("torch.device takes 1 or 2 arguments, found " + a.size());
        }
        String type = PyValues.asString(a.get(0), "device type");
        return a.size() == 2 ? type + ":" + PyValues.asLong(a.get(1), "device index") : type;
    }

    private static PyDict dictOf(PyTuple a, boolean ordered) {
        PyDict d = new PyDict(ordered);
        if (a.size() == 0) {
            return d;
        }
        if (a.size() > 1) {
            throw new IllegalArgumentException("expected at most 1 argument, found " + a.size());
        }
        Object src = a.get(0);
        if (src instanceof PyDict s) {
            for (Map.Entry<Object, Object> e : s.items().entrySet()) {
                d.put(e.getKey(), e.getValue());
            }
            return d;
        }
        for (Object pair : PyValues.iterate(src, "dict argument")) {
            List<Object> kv = PyValues.iterate(pair, "dict item");
            if (kv.size() != 2) {
                throw new IllegalArgumentException("dict items must be pairs, found " + kv.size() + " elements");
            }
            if (!PyValues.isHashable(kv.get(0))) {
                throw new IllegalArgumentException("unhashable dict key of type " + PyValues.typeName(kv.get(0)));
            }
            d.put(kv.get(0), kv.get(1));
        }
        return d;
    }

    private static PySet setOf(PyTuple a, boolean frozen) {
        PySet s = new PySet(frozen);
        if (a.size() > 0) {
            for (Object o : PyValues.iterate(a.get(0), "set argument")) {
                if (!PyValues.isHashable(o)) {
                    throw new IllegalArgumentException("unhashable set member of type " + PyValues.typeName(o));
                }
                s.add(o);
            }
        }
        return s;
    }

    private static Object bytesOf(PyTuple a) {
        if (a.size() == 0) {
            return new PyBytes(new byte[0]);
        }
        if (a.get(0) instanceof PyBytes b && a.size() == 1) {
            return b;
        }
        if (a.get(0) instanceof String) {
            return encode(a);
        }
        throw new IllegalArgumentException("bytes() of a " + PyValues.typeName(a.get(0)) + " is not supported");
    }

    private static Object encode(PyTuple a) {
        if (a.size() < 1 || a.size() > 2) {
            throw new IllegalArgumentException("_codecs.encode takes 1 or 2 arguments, found " + a.size());
        }
        String s = PyValues.asString(a.get(0), "text");
        String enc = a.size() == 2 ? PyValues.asString(a.get(1), "encoding").toLowerCase(java.util.Locale.ROOT) : "utf-8";
        return switch (enc) {
            case "latin1", "latin-1", "iso-8859-1", "iso8859-1" -> {
                for (int i = 0; i < s.length(); i++) {
                    if (s.charAt(i) > 0xff) {
                        throw new IllegalArgumentException("text is not encodable as latin-1");
                    }
                }
                yield new PyBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            }
            case "utf-8", "utf8" -> new PyBytes(s.getBytes(StandardCharsets.UTF_8));
            case "ascii" -> new PyBytes(s.getBytes(StandardCharsets.US_ASCII));
            default -> throw new IllegalArgumentException("unsupported encoding '" + enc + "'");
        };
    }
}
