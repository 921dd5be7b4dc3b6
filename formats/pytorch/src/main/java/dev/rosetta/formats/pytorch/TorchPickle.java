package dev.rosetta.formats.pytorch;

import java.nio.ByteOrder;
import java.util.Map;

/**
 * A {@code torch.save} file unpickled: the object tree (with {@link TensorRef} leaves), where its
 * storages' bytes are, their byte order, and facts for the model's metadata.
 *
 * @param root the unpickled object
 * @param storages resolves root storages to bytes
 * @param order byte order of every storage
 * @param format {@code zip}, {@code legacy} or {@code torchscript}
 * @param metadata facts about the file ({@code pytorch.version}, ...)
 */
record TorchPickle(Object root, StorageSource storages, ByteOrder order, String format, Map<String, String> metadata) {
}
