/**
 * {@code rosetta batch}: many conversions from one manifest or folder, run in parallel child JVMs
 * under a memory budget, with a resumable state file and reports for people and CI systems.
 *
 * <p>The flow: {@link dev.rosetta.batch.Manifest} or {@link dev.rosetta.batch.DirectoryScan} plans
 * a {@link dev.rosetta.batch.BatchPlan} of {@link dev.rosetta.batch.JobSpec}s;
 * {@link dev.rosetta.batch.BatchRunner} runs each job as a {@link dev.rosetta.batch.JobRunner}
 * process (the conversion API and the {@code verify} command, nothing reimplemented), admitting jobs
 * through a {@link dev.rosetta.batch.MemoryBudget} and recording each finished job in the
 * {@link dev.rosetta.batch.StateFile}; {@link dev.rosetta.batch.Reports} writes {@code summary.json},
 * {@code summary.md} and {@code junit.xml}. {@link dev.rosetta.batch.CoverageScan} is the
 * {@code --dry-run}: it reads every model leniently and lists what is unsupported. The user-facing
 * contract is {@code docs/batch.md}.
 */
package dev.rosetta.batch;
