/**
 * The format service-provider interface: {@link dev.rosetta.formats.FormatProvider} (detect, read,
 * write, state support), the {@link dev.rosetta.formats.FormatRegistry} that finds providers with
 * {@link java.util.ServiceLoader}, {@link dev.rosetta.formats.MappedFile} for zero-copy reads and
 * {@link dev.rosetta.formats.AtomicOutput} for all-or-nothing writes.
 */
package dev.rosetta.formats;
