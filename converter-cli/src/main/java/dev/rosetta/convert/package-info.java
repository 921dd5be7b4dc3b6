/**
 * The conversion API behind {@code rosetta convert}: {@link dev.rosetta.convert.Converter} runs
 * reader → passes → writer for a {@link dev.rosetta.convert.ConversionRequest}.
 */
package dev.rosetta.convert;
