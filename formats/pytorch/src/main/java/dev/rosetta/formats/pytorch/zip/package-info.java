/**
 * Zip archives as PyTorch uses them: {@link dev.rosetta.formats.pytorch.zip.ZipArchive} reads the
 * central directory (zip64 included) of a mapped file and hands out stored entries as slices of the
 * mapping; {@link dev.rosetta.formats.pytorch.zip.ZipWriter} streams stored entries aligned to
 * 64 bytes, with zip64 records where sizes need them.
 */
package dev.rosetta.formats.pytorch.zip;
