package dev.rosetta.layout.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The directive the SIMD kernel relies on is accepted by this JDK, and a malformed one is refused. */
class JitDirectiveTest {

    @Test
    void aMethodPatternIsAccepted() {
        assertTrue(JitDirective.excludeFromC1("dev/rosetta/layout/kernel/JitDirectiveTest.none*"));
    }

    @Test
    void aMalformedPatternIsRefused() {
        assertFalse(JitDirective.excludeFromC1("\" }, { broken"));
    }
}
