/**
 * NumPy's {@code .npy} and {@code .npz} files: {@link dev.rosetta.formats.numpy.NpyFormat}, the
 * format provider, and {@link dev.rosetta.formats.numpy.NumpyFiles}, one-call reading and writing
 * for the runtime and the CLI.
 *
 * <p>Inside: a strict header-dict parser (no evaluation, bounded length), the descr table, a zip
 * directory reader with zip64 that maps stored entries in place, and streaming writers. C-ordered
 * arrays are views of the mapped file in its byte order; Fortran order and deflated entries are
 * the only copies. bfloat16 uses the descr {@code 'bfloat16'} (see {@code NpyDescr}).
 */
package dev.rosetta.formats.numpy;
