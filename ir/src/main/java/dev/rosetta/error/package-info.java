/**
 * The error hierarchy: one unchecked root, {@link dev.rosetta.error.RosettaException}, with a
 * subclass per {@link dev.rosetta.error.ExitCode}. Every reader, pass, writer and backend throws
 * only these for problems it detects; anything else reaching the CLI is a bug (exit 70).
 */
package dev.rosetta.error;
