package dev.citra.util;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import dev.citra.CitraException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which device networks run on: {@code cpu}, {@code gpu} (the first GPU) or {@code gpu:N}, or
 * {@code auto}, the best available (the first GPU when libtorch is a CUDA build and sees one, else
 * the CPU). The choice is process-wide: the {@value #PROPERTY} property, set by {@code --device}.
 */
public final class Devices {
    /** The system property that holds the process's device. */
    public static final String PROPERTY = "citra.device";

    private static final Pattern GPU = Pattern.compile("(?:gpu|cuda)(?::(\\d+))?");

    private Devices() {}

    /** The device {@value #PROPERTY} asks for on {@code engine} (auto when unset); errors say what to do. */
    public static Device configured(Engine engine) {
        return select(System.getProperty(PROPERTY), engine);
    }

    /** {@link #select(String, boolean, int)} with what {@code engine} has. */
    public static Device select(String name, Engine engine) {
        boolean cuda = engine.hasCapability(StandardCapabilities.CUDA);
        return select(name, cuda, cuda ? engine.getGpuCount() : 0);
    }

    /**
     * The device {@code name} means on a machine where libtorch is a CUDA build ({@code cudaBuild})
     * seeing {@code gpus} GPUs.
     *
     * @param name {@code auto} (or null), {@code cpu}, {@code gpu}, {@code gpu:N} ({@code cuda:N} too)
     */
    public static Device select(String name, boolean cudaBuild, int gpus) {
        String key = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("auto")) {
            return cudaBuild && gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (key.equals("cpu")) {
            return Device.cpu();
        }
        Matcher m = GPU.matcher(key);
        if (!m.matches()) {
            throw new CitraException("Unknown device '" + name + "': use auto, cpu, gpu or gpu:N (N counts from 0).");
        }
        int id = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        if (!cudaBuild) {
            throw new CitraException("--device " + name + " needs libtorch's CUDA build, but this citra has the CPU one"
                    + " (pytorch-native-cpu): switch to pytorch-native-cu128 as the README's 'Devices' section says, or use"
                    + " --device cpu.");
        }
        if (id >= gpus) {
            throw new CitraException("--device " + name + " asks for GPU " + id + ", but libtorch sees "
                    + (gpus == 0 ? "no GPU (check the driver and CUDA_VISIBLE_DEVICES)" : gpus + " (gpu:0 to gpu:" + (gpus - 1) + ")")
                    + ": use " + (gpus == 0 ? "--device cpu." : "one of those, or --device cpu."));
        }
        return Device.gpu(id);
    }
}
