/**
 * Hostile-input and robustness tests (issue 11): Jazzer fuzz tests of every reader with their
 * allowed-outcome oracle, hand-made files that claim sizes they do not have, conversions that fail,
 * are killed or run concurrently, and inputs that must never change.
 */
package dev.rosetta.fuzz;
