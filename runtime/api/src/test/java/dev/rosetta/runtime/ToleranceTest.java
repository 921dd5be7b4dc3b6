package dev.rosetta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.UsageException;
import dev.rosetta.ir.DType;
import org.junit.jupiter.api.Test;

class ToleranceTest {
    @Test
    void profilesByDtype() {
        assertEquals(1e-4, Tolerance.forDType(DType.FLOAT32).rtol());
        assertEquals(1e-4, Tolerance.forDType(DType.FLOAT32).atol());
        assertEquals(1e-2, Tolerance.forDType(DType.FLOAT16).atol());
        assertEquals(5e-2, Tolerance.forDType(DType.BFLOAT16).rtol());
        assertEquals(1e-7, Tolerance.forDType(DType.FLOAT64).atol());
        assertEquals(0, Tolerance.forDType(DType.INT32).atol());
        assertEquals(DType.FLOAT32, Tolerance.forDType(null).dtype());
        assertTrue(Tolerance.forDType(DType.BFLOAT16).rtol() > Tolerance.forDType(DType.FLOAT16).rtol());
    }

    @Test
    void overridesReplaceOnlyWhatIsGiven() {
        Tolerance t = Tolerance.forDType(DType.FLOAT32);
        assertSame(t, t.withOverrides(null, null));
        Tolerance o = t.withOverrides(null, 0.5);
        assertEquals(1e-4, o.rtol());
        assertEquals(0.5, o.atol());
        assertTrue(o.overridden());
        assertFalse(t.overridden());
    }

    @Test
    void negativeOrNonFiniteToleranceIsAUsageError() {
        Tolerance t = Tolerance.forDType(DType.FLOAT32);
        assertThrows(UsageException.class, () -> t.withOverrides(-1.0, null));
        assertThrows(UsageException.class, () -> t.withOverrides(null, Double.NaN));
        assertThrows(UsageException.class, () -> t.withOverrides(Double.POSITIVE_INFINITY, null));
    }
}
