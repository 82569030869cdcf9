package dev.citra.server;

import dev.citra.CitraException;
import dev.citra.bundle.ModelBundle;
import dev.citra.bundle.ModelTask;
import dev.citra.caption.Captioner;
import dev.citra.infer.Classifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models a server answers for, by name. Loading dispatches on the bundle's {@link ModelTask}, so
 * each task gets the served kind (and the routes) made for it.
 */
public final class ModelRegistry implements AutoCloseable {
    private final Map<String, ServedModel> models;

    /** A registry of models already loaded; it closes them. */
    public ModelRegistry(Collection<? extends ServedModel> models) {
        Map<String, ServedModel> byName = new LinkedHashMap<>();
        for (ServedModel m : models) {
            if (byName.put(m.name(), m) != null) {
                throw new CitraException("Two models are named '" + m.name() + "': name them apart with --model NAME=PATH.");
            }
        }
        if (byName.isEmpty()) {
            throw new CitraException("No model to serve: pass at least one bundle or run folder with --model.");
        }
        this.models = Collections.unmodifiableMap(byName);
    }

    /**
     * Loads every source; on a failure, frees the ones already loaded and rethrows.
     *
     * @param notices text to show with each result, by model name (absent: none)
     */
    public static ModelRegistry load(List<ModelSource> sources, Map<String, String> notices, BatchSettings settings,
            BatchListener listener) {
        List<String> names = sources.stream().map(ModelSource::name).toList();
        for (String named : notices.keySet()) {
            if (!names.contains(named)) {
                throw new CitraException("--notice names model '" + named + "', which is not served: use one of " + names + ".");
            }
        }
        List<ServedModel> loaded = new ArrayList<>();
        try {
            for (ModelSource source : sources) {
                loaded.add(load(source, notices.get(source.name()), settings, listener));
            }
            return new ModelRegistry(loaded);
        } catch (RuntimeException e) {
            loaded.forEach(ServedModel::close);
            throw e;
        }
    }

    private static ServedModel load(ModelSource source, String notice, BatchSettings settings, BatchListener listener) {
        ModelTask task = ModelBundle.task(source.path());
        switch (task) {
            case CLASSIFY:
                return ServedClassifier.of(source.name(), Classifier.load(source.path()), notice, settings, listener);
            case CAPTION:
                return ServedCaptioner.of(source.name(), Captioner.load(source.path()), notice, settings);
            default:
                throw new CitraException("Model " + source.path() + " does task '" + task.id() + "', which citra serve"
                        + " does not know: upgrade citra.");
        }
    }

    /** The model named {@code name}, if served. */
    public Optional<ServedModel> get(String name) {
        return Optional.ofNullable(models.get(name));
    }

    /** All models, in the order given. */
    public Collection<ServedModel> all() {
        return models.values();
    }

    @Override
    public void close() {
        models.values().forEach(ServedModel::close);
    }
}
