/**
 * A safe pickle unpickler: {@link dev.rosetta.formats.pytorch.pickle.SafeUnpickler} runs the
 * opcodes of pickle protocols 0 to 5 as a stack machine that only builds values. Globals come from
 * an allow-list ({@link dev.rosetta.formats.pytorch.pickle.GlobalResolver}), calls only reach
 * allow-listed Java implementations ({@link dev.rosetta.formats.pytorch.pickle.PickleCallable},
 * {@link dev.rosetta.formats.pytorch.pickle.PickleClass}), and everything else is refused with an
 * {@link dev.rosetta.formats.pytorch.pickle.UnsafePickleException}. The {@code Py*} types are the
 * values it produces. Nothing here knows PyTorch; the allow-list of PyTorch globals lives in the
 * parent package.
 */
package dev.rosetta.formats.pytorch.pickle;
