/**
 * The verification report: {@link dev.rosetta.runtime.report.VerificationReport} and its parts,
 * written as JSON by {@link dev.rosetta.runtime.report.ReportJson} (schema documented in
 * {@code docs/verify-report.md}) and as a human table by
 * {@link dev.rosetta.runtime.report.ReportTable}.
 */
package dev.rosetta.runtime.report;
