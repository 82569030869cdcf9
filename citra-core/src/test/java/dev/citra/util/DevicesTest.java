package dev.citra.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.citra.CitraException;
import org.junit.jupiter.api.Test;

/** {@code --device}: the best device by default, the one asked for, and one sentence when it is not there. */
class DevicesTest {
    @Test
    void autoIsTheFirstGpuOfACudaBuildElseTheCpu() {
        assertEquals(Device.gpu(0), Devices.select(null, true, 2));
        assertEquals(Device.gpu(0), Devices.select("auto", true, 1));
        assertEquals(Device.cpu(), Devices.select("auto", true, 0));
        assertEquals(Device.cpu(), Devices.select(null, false, 0));
    }

    @Test
    void namedDevicesAreThoseAskedFor() {
        assertEquals(Device.cpu(), Devices.select("cpu", true, 2));
        assertEquals(Device.gpu(0), Devices.select("gpu", true, 2));
        assertEquals(Device.gpu(1), Devices.select("GPU:1", true, 2));
        assertEquals(Device.gpu(1), Devices.select("cuda:1", true, 2));
    }

    @Test
    void aMissingGpuIsOneSentenceThatSaysWhatToDo() {
        CitraException cpuBuild = assertThrows(CitraException.class, () -> Devices.select("gpu", false, 0));
        assertEquals("--device gpu needs libtorch's CUDA build, but this citra has the CPU one (pytorch-native-cpu):"
                + " switch to pytorch-native-cu128 as the README's 'Devices' section says, or use --device cpu.",
                cpuBuild.getMessage());
        CitraException none = assertThrows(CitraException.class, () -> Devices.select("gpu:0", true, 0));
        assertTrue(none.getMessage().contains("libtorch sees no GPU (check the driver and CUDA_VISIBLE_DEVICES): use --device cpu."),
                none.getMessage());
        CitraException second = assertThrows(CitraException.class, () -> Devices.select("gpu:2", true, 2));
        assertTrue(second.getMessage().contains("asks for GPU 2, but libtorch sees 2 (gpu:0 to gpu:1)"), second.getMessage());
        CitraException unknown = assertThrows(CitraException.class, () -> Devices.select("tpu", true, 2));
        assertEquals("Unknown device 'tpu': use auto, cpu, gpu or gpu:N (N counts from 0).", unknown.getMessage());
    }

    @Test
    void thisMachineRunsOnTheCpuByDefault() {
        // The build bundles libtorch's CPU natives: auto is the CPU and a GPU is refused.
        assertEquals(Device.cpu(), Devices.select(null, Engines.pytorch()));
        assertThrows(CitraException.class, () -> Devices.select("gpu", Engines.pytorch()));
    }
}
