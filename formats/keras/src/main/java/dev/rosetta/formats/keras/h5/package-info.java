/**
 * HDF5 input and output: {@link dev.rosetta.formats.keras.h5.H5Input} wraps jHDF for reading,
 * mapping every jHDF failure to a {@link dev.rosetta.error.MalformedInputException} and slicing
 * contiguous datasets out of the mapped file; {@link dev.rosetta.formats.keras.h5.H5Output} is a
 * small streaming writer (version 2 superblock and object headers, compact links, one global heap
 * for variable-length strings, contiguous datasets) that copies each tensor to the file as it is
 * written.
 */
package dev.rosetta.formats.keras.h5;
