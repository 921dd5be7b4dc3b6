package dev.rosetta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.UsageException;
import org.junit.jupiter.api.Test;

class DeviceTest {
    @Test
    void parsesCpuAndGpus() {
        assertEquals(Device.CPU, Device.parse("cpu"));
        assertEquals(Device.CPU, Device.parse(" CPU "));
        assertEquals(Device.gpu(0), Device.parse("gpu"));
        assertEquals(Device.gpu(3), Device.parse("gpu:3"));
        assertEquals(Device.gpu(1), Device.parse("cuda:1"));
        assertEquals("gpu:2", Device.parse("gpu:2").toString());
        assertEquals("cpu", Device.CPU.toString());
    }

    @Test
    void rejectsAnythingElseNamingTheForms() {
        for (String bad : new String[] {"", "tpu", "gpu:", "gpu:-1", "gpu:x", "gpu1", "cpu:0", "gpu:99999"}) {
            UsageException e = assertThrows(UsageException.class, () -> Device.parse(bad), bad);
            assertTrue(e.getMessage().contains("cpu, gpu or gpu:N"), e.getMessage());
        }
    }
}
