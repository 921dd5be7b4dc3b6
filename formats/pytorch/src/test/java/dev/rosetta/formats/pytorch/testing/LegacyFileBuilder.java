package dev.rosetta.formats.pytorch.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Assembles a legacy-format torch.save file: magic, protocol, sys_info, object, keys, storages. */
public final class LegacyFileBuilder {
    private static final byte[] MAGIC_LE = {0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};

    private final Map<String, byte[]> storages = new LinkedHashMap<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();

    /** Adds a storage in key-list order, with the element count written before its bytes. */
    public LegacyFileBuilder storage(String key, long count, byte[] bytes) {
        storages.put(key, bytes);
        counts.put(key, count);
        return this;
    }

    /** The file: {@code objectPickle} must use 6-element storage persistent ids. */
    public byte[] build(byte[] objectPickle) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PickleBuilder.proto(2).op(0x8a).op(10).raw(MAGIC_LE).stop().bytes());
        out.writeBytes(PickleBuilder.proto(2).op('M').op(1001 & 0xff).op(1001 >> 8).stop().bytes());
        out.writeBytes(PickleBuilder.proto(2).emptyDict().mark().str("protocol_version").op('M').op(1001 & 0xff).op(1001 >> 8)
                .str("little_endian").op(0x88).setItems().stop().bytes());
        out.writeBytes(objectPickle);
        PickleBuilder keys = PickleBuilder.proto(2).op(']').mark();
        storages.keySet().forEach(keys::str);
        out.writeBytes(keys.op('e').stop().bytes());
        for (Map.Entry<String, byte[]> e : storages.entrySet()) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(counts.get(e.getKey())).array());
            out.writeBytes(e.getValue());
        }
        return out.toByteArray();
    }
}
