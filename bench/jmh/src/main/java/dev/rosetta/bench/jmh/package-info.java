/**
 * JMH benchmarks of the layout kernels: each reports, beside its time, a {@code bytes} rate (the
 * tensor's float32-side bytes per second) so that {@code bench/jmh/run.sh} can print GB/s and the
 * share of a plain {@link java.lang.foreign.MemorySegment#copy} of the same bytes on the same
 * number of threads.
 */
package dev.rosetta.bench.jmh;
