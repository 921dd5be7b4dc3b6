/** The graph-pass contract ({@code requires / run / ensures}) that layout and cleanup passes implement. */
package dev.rosetta.ir.pass;
