package dev.rosetta.formats;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The length walk that stands between a hostile file and protobuf-java's direct-buffer decoder
 * (which reads past the buffer, killing the JVM, when a sub-message declares close to 2^31
 * bytes). Messages are protobuf's own descriptor protos: nested messages, strings, repeated fields.
 */
class ProtoLengthsTest {
    private static final FileDescriptorProto FILE = FileDescriptorProto.newBuilder().setName("a.proto")
            .addMessageType(DescriptorProto.newBuilder().setName("M")
                    .addField(FieldDescriptorProto.newBuilder().setName("x").setNumber(1))
                    .addNestedType(DescriptorProto.newBuilder().setName("N")))
            .addDependency("b.proto").build();

    @Test
    void aWellFormedMessagePasses() {
        assertNull(ProtoLengths.firstFault(MemorySegment.ofArray(FILE.toByteArray()),
                FileDescriptorProto.getDescriptor()));
        assertNull(ProtoLengths.firstFault(MemorySegment.ofArray(new byte[0]), FileDescriptorProto.getDescriptor()));
    }

    /** message_type (field 4) whose nested field (2) declares 0x7ffffff0 bytes: the parser's overflow. */
    @Test
    void aNestedLengthPastItsMessageIsTheFault() {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.write(2 << 3 | 2);
        varint(inner, 0x7ffffff0L);
        inner.writeBytes(new byte[8]);
        ByteArrayOutputStream outer = new ByteArrayOutputStream();
        outer.write(4 << 3 | 2);
        varint(outer, inner.size());
        outer.writeBytes(inner.toByteArray());
        String fault = ProtoLengths.firstFault(MemorySegment.ofArray(outer.toByteArray()),
                FileDescriptorProto.getDescriptor());
        assertTrue(fault != null && fault.contains("field 2 of DescriptorProto") && fault.contains("2147483632 bytes"),
                fault);
    }

    @Test
    void cutOffAnywhereIsAFaultNotACrash() {
        byte[] whole = FILE.toByteArray();
        for (int n = 1; n < whole.length; n++) {
            byte[] cut = Arrays.copyOf(whole, n);
            // Some prefixes are complete messages; none may throw.
            ProtoLengths.firstFault(MemorySegment.ofArray(cut), FileDescriptorProto.getDescriptor());
        }
        String fault = ProtoLengths.firstFault(MemorySegment.ofArray(Arrays.copyOf(whole, whole.length - 1)),
                FileDescriptorProto.getDescriptor());
        assertTrue(fault != null && fault.contains("are left"), fault);
    }

    @Test
    void groupsAndBrokenTagsAreFaults() {
        assertTrue(ProtoLengths.firstFault(MemorySegment.ofArray(new byte[] {(byte) (1 << 3 | 3)}),
                FileDescriptorProto.getDescriptor()).contains("wire type 3"));
        assertTrue(ProtoLengths.firstFault(MemorySegment.ofArray(new byte[] {0}),
                FileDescriptorProto.getDescriptor()).contains("broken field tag"));
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
