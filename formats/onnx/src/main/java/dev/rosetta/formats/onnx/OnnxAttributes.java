package dev.rosetta.formats.onnx;

import com.google.protobuf.ByteString;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.formats.onnx.proto.OnnxProto.AttributeProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.AttributeProto.AttributeType;
import dev.rosetta.ir.Attribute;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts node attributes between ONNX {@code AttributeProto} and IR {@link Attribute}. Graph,
 * sparse-tensor and type attributes have no IR form: {@link #decode} returns {@code null} for them
 * (only unsupported operators such as If or Loop use them).
 */
final class OnnxAttributes {
    private OnnxAttributes() {
    }

    /** The IR form of an attribute, or {@code null} when it has none. */
    static Attribute decode(AttributeProto a, Path file, ExternalData external, String place) {
        AttributeType type = a.hasType() ? a.getType() : guessType(a);
        if (a.hasRefAttrName() && !a.getRefAttrName().isEmpty()) {
            throw new MalformedInputException(file, place, "attribute '" + a.getName()
                    + "' refers to a function attribute outside a function");
        }
        return switch (type) {
            case FLOAT -> new Attribute.Float(a.getF());
            case INT -> new Attribute.Int(a.getI());
            case STRING -> new Attribute.Str(a.getS().toString(StandardCharsets.UTF_8));
            case TENSOR -> new Attribute.TensorValue(OnnxTensors.decode(a.getT(), file, external,
                    place + " attribute '" + a.getName() + "'"));
            case FLOATS -> {
                float[] f = new float[a.getFloatsCount()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = a.getFloats(i);
                }
                yield new Attribute.Floats(f);
            }
            case INTS -> new Attribute.Ints(a.getIntsList().stream().mapToLong(Long::longValue).toArray());
            case STRINGS -> {
                List<String> s = new ArrayList<>();
                a.getStringsList().forEach(b -> s.add(b.toString(StandardCharsets.UTF_8)));
                yield new Attribute.Strs(s);
            }
            case UNDEFINED -> throw new MalformedInputException(file, place, "attribute '" + a.getName()
                    + "' has no value");
            default -> null;
        };
    }

    /** The attribute type of IR version 1 files, which had no type field. */
    private static AttributeType guessType(AttributeProto a) {
        if (a.hasF()) {
            return AttributeType.FLOAT;
        } else if (a.hasI()) {
            return AttributeType.INT;
        } else if (a.hasS()) {
            return AttributeType.STRING;
        } else if (a.hasT()) {
            return AttributeType.TENSOR;
        } else if (a.hasG()) {
            return AttributeType.GRAPH;
        } else if (a.getFloatsCount() > 0) {
            return AttributeType.FLOATS;
        } else if (a.getIntsCount() > 0) {
            return AttributeType.INTS;
        } else if (a.getStringsCount() > 0) {
            return AttributeType.STRINGS;
        }
        return AttributeType.UNDEFINED;
    }

    /** The ONNX form of an IR attribute. */
    static AttributeProto encode(String name, Attribute value) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name);
        switch (value) {
            case Attribute.Int i -> b.setType(AttributeType.INT).setI(i.value());
            case Attribute.Float f -> b.setType(AttributeType.FLOAT).setF(f.value());
            case Attribute.Str s -> b.setType(AttributeType.STRING).setS(ByteString.copyFromUtf8(s.value()));
            case Attribute.Ints i -> {
                b.setType(AttributeType.INTS);
                for (long v : i.values()) {
                    b.addInts(v);
                }
            }
            case Attribute.Floats f -> {
                b.setType(AttributeType.FLOATS);
                for (float v : f.values()) {
                    b.addFloats(v);
                }
            }
            case Attribute.Strs s -> {
                b.setType(AttributeType.STRINGS);
                s.values().forEach(v -> b.addStrings(ByteString.copyFromUtf8(v)));
            }
            case Attribute.TensorValue t -> b.setType(AttributeType.TENSOR).setT(OnnxTensors.encode("", t.value()));
        }
        return b.build();
    }
}
