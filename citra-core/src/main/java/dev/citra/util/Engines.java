package dev.citra.util;

import ai.djl.engine.Engine;

/**
 * Starts the PyTorch engine the way citra needs it: offline, with intra-op threads = cores and
 * one inter-op thread. The engine reads these once, at start, so set them before first use;
 * values already given with -D are kept.
 */
public final class Engines {
    private Engines() {}

    /** The PyTorch engine, configured on first call. */
    public static Engine pytorch() {
        setDefault("ai.djl.offline", "true");
        setDefault("ai.djl.pytorch.num_threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
        setDefault("ai.djl.pytorch.num_interop_threads", "1");
        // The graph optimizer slows the first calls of every new batch shape, which is all
        // citra's eager training loop does; it only helps TorchScript models.
        setDefault("ai.djl.pytorch.graph_optimizer", "false");
        return Engine.getEngine("PyTorch");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
