package dev.citra.bundle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.Network;
import dev.citra.util.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A trained model on disk: a folder with {@code citra.json} ({@link BundleMetadata}) and
 * {@code weights.params}, all that inference needs. Callers above may add files of their own as the
 * bundle is written (a training checkpoint adds its optimizer and loop state). Folders are written
 * beside the target and renamed into place, so an interrupted write leaves the previous bundle
 * loadable.
 */
public final class ModelBundle {
    public static final String METADATA = "citra.json";
    public static final String WEIGHTS = "weights.params";
    /** The copy of a {@code torchscript} network's module, which citra.json names relative to the bundle. */
    public static final String BACKBONE = "backbone.pt";
    /** The copy of an {@code onnx} network's model, likewise. */
    public static final String ONNX_BACKBONE = "backbone.onnx";

    private ModelBundle() {}

    /** A file written into a bundle's folder before the folder is renamed into place. */
    @FunctionalInterface
    public interface ExtraFile {
        /** Writes the file into {@code stagedDir}, the bundle folder being built. */
        void writeTo(Path stagedDir) throws IOException;
    }

    /** The JSON mapper for bundle files (snake_case, tolerant of keys added by newer minor versions). */
    public static ObjectMapper json() {
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * Writes a bundle to {@code dir}, replacing what was there only once the new one is complete.
     *
     * @param extras files to add beside the weights, in order (null entries are skipped)
     */
    public static void save(Path dir, Network network, BundleMetadata metadata, ExtraFile... extras) {
        List<ExtraFile> files = new ArrayList<>();
        files.add(weightsOf(network));
        files.addAll(Arrays.asList(extras == null ? new ExtraFile[0] : extras));
        // citra.json last: a folder without it is never taken for a bundle.
        files.add(staged -> json().writeValue(staged.resolve(METADATA).toFile(),
                withBackboneCopy(metadata, network, staged)));
        writeFolder(dir, files);
    }

    /** The {@value #WEIGHTS} file of a model (any task's), to write into a bundle. */
    public static ExtraFile weightsOf(dev.citra.model.TrainableModel model) {
        return staged -> {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(staged.resolve(WEIGHTS))))) {
                model.saveParameters(out);
            }
        };
    }

    /**
     * Writes a bundle folder of any task: the files in order (null entries skipped) into a staging
     * folder beside {@code dir}, which then replaces {@code dir} whole. Write {@value #METADATA} last.
     */
    public static void writeFolder(Path dir, List<ExtraFile> files) {
        Path staged = AtomicFiles.stagingDirectory(dir);
        try {
            for (ExtraFile file : files) {
                if (file != null) {
                    file.writeTo(staged);
                }
            }
            AtomicFiles.replaceDirectory(staged, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write model bundle " + dir + ": " + e.getMessage(), e);
        } finally {
            try {
                AtomicFiles.deleteRecursively(staged);
            } catch (IOException ignored) {
                // a leftover staging folder is harmless: it has a dot name and no citra.json
            }
        }
    }

    /**
     * Copies a network's backbone module into the bundle and names it relatively, so the bundle
     * can be moved and still loads. The copy gives the module's structure; its trained values are
     * in {@link #WEIGHTS} like every other layer's.
     */
    private static BundleMetadata withBackboneCopy(BundleMetadata metadata, Network network, Path staged)
            throws IOException {
        String file = network.architecture().file();
        if (file == null) {
            return metadata;
        }
        String copy = network.architecture().name().equals(dev.citra.model.OnnxFeatures.NAME) ? ONNX_BACKBONE
                : BACKBONE;
        Files.copy(Path.of(file), staged.resolve(copy));
        return new BundleMetadata(metadata.format(), metadata.architecture().withFile(copy), metadata.labels(),
                metadata.inputSize(), metadata.channels(), metadata.normalization(), metadata.resize(), metadata.grey(),
                metadata.blur(), metadata.trainConfig(), metadata.metrics(), metadata.dataFingerprint(), metadata.epoch(),
                metadata.parameters(), metadata.citraVersion(), metadata.created());
    }

    /**
     * Resolves what a user passed as a model: a bundle folder, or a run folder (its
     * {@code best/}, else {@code last/}).
     */
    public static Path resolve(Path path) {
        if (!Files.exists(path)) {
            throw new CitraException("Model " + path + " does not exist: pass a bundle folder (with citra.json) or a run folder.");
        }
        Path dir = AtomicFiles.recover(path);
        if (Files.isRegularFile(dir.resolve(METADATA))) {
            return dir;
        }
        for (String sub : new String[] {"best", "last"}) {
            Path candidate = AtomicFiles.recover(dir.resolve(sub));
            if (Files.isRegularFile(candidate.resolve(METADATA))) {
                return candidate;
            }
        }
        throw new CitraException("Model folder " + path + " has no " + METADATA
                + ": pass a bundle folder written by citra, or a run folder with best/ or last/.");
    }

    /**
     * What the model in a bundle (or a run folder's best checkpoint) does, read from its
     * {@code citra.json} without loading anything else.
     */
    public static ModelTask task(Path path) {
        Path file = resolve(path).resolve(METADATA);
        try {
            com.fasterxml.jackson.databind.JsonNode task = json().readTree(file.toFile()).get("task");
            return ModelTask.parse(task == null || task.isNull() ? null : task.asText());
        } catch (IOException e) {
            throw new CitraException("Model file " + file + " is not valid citra.json (" + e.getMessage()
                    + "): re-export the model or point to another bundle.");
        }
    }

    /**
     * Fails with a message naming the command to use when the bundle at {@code path} is not a
     * {@code wanted} model (a caption model given to a classifier's command, say).
     */
    public static void requireTask(Path path, ModelTask wanted) {
        ModelTask actual = task(path);
        if (actual != wanted) {
            throw new CitraException("Model " + path + " is a" + (actual == ModelTask.CAPTION ? " caption" : " "
                    + actual.id()) + " model, not a" + (wanted == ModelTask.CLASSIFY ? " classifier" : " " + wanted.id()
                    + " model") + ": " + (actual == ModelTask.CAPTION ? "use it with 'citra caption predict'"
                    : "use it with 'citra predict'") + ", or pass a " + wanted.id() + " bundle.");
        }
    }

    /** Reads and checks a classifier bundle's {@code citra.json}. */
    public static BundleMetadata readMetadata(Path bundleDir) {
        requireTask(bundleDir, ModelTask.CLASSIFY);
        Path file = resolve(bundleDir).resolve(METADATA);
        BundleMetadata meta;
        try {
            meta = json().readValue(file.toFile(), BundleMetadata.class);
        } catch (IOException e) {
            throw new CitraException("Model file " + file + " is not valid citra.json (" + e.getMessage()
                    + "): re-export the model or point to another bundle.");
        }
        if (meta.format() > BundleMetadata.NEWEST_FORMAT) {
            throw new CitraException("Model " + bundleDir + " has bundle format " + meta.format() + ", newer than the "
                    + BundleMetadata.NEWEST_FORMAT + " this citra " + dev.citra.Version.get()
                    + " reads: upgrade citra to load it.");
        }
        if (meta.format() < 1 || meta.architecture() == null || meta.labels().isEmpty()) {
            throw new CitraException("Model file " + file + " lacks the architecture or labels: it is not a complete citra bundle.");
        }
        return meta;
    }

    /** Rebuilds the network a bundle describes and loads its weights. */
    public static Network load(Path path) {
        Path dir = resolve(path);
        BundleMetadata meta = readMetadata(dir);
        ImageSpec input = meta.input();
        Network network = Network.create(ArchitectureRegistry.defaults(), architectureIn(dir, meta), input,
                meta.labels(), 0);
        try {
            loadWeights(network, dir);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    /** The bundle's architecture with its backbone file, if any, resolved against the bundle folder. */
    public static dev.citra.model.ArchitectureSpec architectureIn(Path bundleDir, BundleMetadata meta) {
        dev.citra.model.ArchitectureSpec spec = meta.architecture();
        if (spec.file() == null) {
            return spec;
        }
        Path file = bundleDir.resolve(spec.file());
        if (!Files.isRegularFile(file)) {
            throw new CitraException("Model " + bundleDir + " lacks its backbone module " + file + ": copy the file the"
                    + " model was trained with (--backbone-file) there as " + spec.file() + ", or retrain.");
        }
        return spec.withFile(file.toString());
    }

    /** Reads a bundle's weights into a network of the same architecture. */
    public static void loadWeights(Network network, Path bundleDir) {
        readParameters(network, bundleDir.resolve(WEIGHTS));
    }

    /**
     * Reads a parameter file of a bundle (any task's) into a model of the same shape; a damaged or
     * unfitting file gets one message naming it and the other checkpoint to use.
     */
    public static void readParameters(dev.citra.model.TrainableModel model, Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            model.loadParameters(in);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CitraException c) {
                throw c;
            }
            throw new CitraException("Could not read the weights " + file + " (" + e.getMessage()
                    + "): the bundle is damaged; use the run's other checkpoint (best/ or last/).", e);
        }
    }
}
