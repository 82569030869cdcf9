package dev.citra.graph;

import java.util.Optional;
import java.util.ServiceLoader;

/** The {@link GraphRuntime}s on the class path. */
public final class GraphRuntimes {
    private GraphRuntimes() {}

    /** The runtime of that name, if a module on the class path provides it. */
    public static Optional<GraphRuntime> find(String name) {
        for (GraphRuntime r : ServiceLoader.load(GraphRuntime.class)) {
            if (r.name().equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
