/**
 * Per-operator layout rules: how each op moves from channels-first to channels-last (or back),
 * one class per shape of rewrite, registered in {@link dev.rosetta.layout.rules.RuleTable}. Rules
 * decide from layout tags and op semantics only, never by comparing dimension sizes.
 */
package dev.rosetta.layout.rules;
