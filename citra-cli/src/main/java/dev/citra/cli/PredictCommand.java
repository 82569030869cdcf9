package dev.citra.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.citra.CitraException;
import dev.citra.Version;
import dev.citra.bundle.BundleMetadata;
import dev.citra.data.ImageFolderSource;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.infer.Classifier;
import dev.citra.infer.Prediction;
import dev.citra.model.Architecture;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import dev.citra.model.weights.ImageNetLabels;
import dev.citra.model.weights.ImportReport;
import dev.citra.model.weights.WeightFiles;
import dev.citra.run.RunDirectory;
import dev.citra.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.util.stream.IntStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code citra predict}: the top labels of images, from a trained model. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        header = "Classify images with a trained model or pretrained Keras weights.",
        sortOptions = false,
        description = "Classify images (files or folders) with a trained model, or with a registry architecture and"
                + " pretrained Keras weights: a table, or JSON, of the top labels.")
public final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "BUNDLE|ARCH", description = "A model bundle folder (with citra.json), a run folder (uses best/), or an architecture name such as mobilenet_v2 with --weights.")
    Path model;

    @Option(names = "--weights", paramLabel = "FILE", description = "Weights for an architecture --model: a Keras .h5 file (such as the Keras Applications ImageNet file from 'citra weights fetch') or a safetensors file of timm's or torchvision's names.")
    Path weights;

    @Option(names = "--labels", paramLabel = "FILE", description = "Class names for --weights, one per line (a first line 'background' is dropped); default: class_0..class_999.")
    Path labels;

    @Option(names = "--weights-strict", paramLabel = "BOOL", defaultValue = "true", arity = "1", description = "Fail on any missing, unexpected or mis-shaped weight (default true); false loads what matches and lists the rest.")
    boolean weightsStrict;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files or folders of images.")
    List<Path> inputs;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "3", description = "How many labels per image (default 3).")
    int topK;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the predictions as CSV to FILE (a folder writes <out>/predict/<name>/predictions.csv without it).")
    Path csv;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "Folder of runs: a folder's predictions.csv goes to <out>/predict/<name>/ (default runs/).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "Name of that folder (default: the model's run name; a number is added when it is taken).")
    String name;

    /** One row of output: an image and its labels, or why it could not be read. */
    record Row(String image, List<Prediction> predictions, String error) {}

    @Override
    public Integer call() throws Exception {
        if (topK < 1 || topK > 1000) {
            throw new CitraException("--top-k must be between 1 and 1000, not " + topK + ".");
        }
        List<Path> images = new ArrayList<>();
        boolean folder = false;
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                folder = true;
                images.addAll(listImages(input));
            } else if (Files.exists(input)) {
                images.add(input);
            } else {
                throw new CitraException("Image " + input + " does not exist: pass image files or folders.");
            }
        }
        if (images.isEmpty()) {
            throw new CitraException("No images found in " + inputs + ": folders must hold .jpg, .jpeg, .png, .bmp or .gif files.");
        }
        List<Row> rows = new ArrayList<>();
        try (Classifier classifier = openClassifier()) {
            // Batches of decoded images keep memory bounded on large folders.
            for (int start = 0; start < images.size(); start += 64) {
                List<Path> chunk = images.subList(start, Math.min(images.size(), start + 64));
                List<BufferedImage> decoded = new ArrayList<>();
                List<Path> ok = new ArrayList<>();
                List<Row> chunkRows = new ArrayList<>();
                for (Path p : chunk) {
                    try {
                        decoded.add(classifier.decode(p));
                        ok.add(p);
                        chunkRows.add(null);
                    } catch (CitraException e) {
                        if (chunk.size() == 1 && images.size() == 1) {
                            throw e;
                        }
                        chunkRows.add(new Row(p.toString(), List.of(), e.getMessage()));
                    }
                }
                List<List<Prediction>> predictions = decoded.isEmpty() ? List.of() : classifier.predictAll(decoded, topK);
                int next = 0;
                for (int i = 0; i < chunkRows.size(); i++) {
                    Row r = chunkRows.get(i);
                    if (r == null) {
                        r = new Row(ok.get(next).toString(), predictions.get(next), null);
                        next++;
                    }
                    rows.add(r);
                }
            }
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            List<Map<String, Object>> out = new ArrayList<>();
            for (Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("image", r.image());
                if (r.error() != null) {
                    m.put("error", r.error());
                } else {
                    m.put("predictions", r.predictions());
                }
                out.add(m);
            }
            System.out.println(mapper.writeValueAsString(out.size() == 1 && !folder ? out.get(0) : out));
        } else {
            printTable(rows);
        }
        Path csvFile = csv != null ? csv
                : folder ? RunDirectory.create(out, "predict", name != null ? name : EvalCommand.defaultName(model)).path()
                        .resolve("predictions.csv") : null;
        if (csvFile != null) {
            AtomicFiles.writeString(csvFile, toCsv(rows));
            // JSON on standard output stays pure JSON.
            (json ? System.err : System.out).println((json ? "" : System.lineSeparator()) + "Predictions: " + csvFile);
        }
        return 0;
    }

    /** A bundle's classifier, or an architecture with imported Keras weights. */
    private Classifier openClassifier() {
        ArchitectureRegistry registry = ArchitectureRegistry.defaults();
        Architecture arch = Files.exists(model) ? null : architectureNamed(registry, model.toString());
        if (arch == null) {
            if (weights != null || labels != null) {
                throw new CitraException("--weights and --labels go with an architecture name such as --model mobilenet_v2;"
                        + " the bundle " + model + " carries its own weights and labels.");
            }
            return Classifier.load(model);
        }
        if (weights == null) {
            throw new CitraException("--model " + arch.name() + " is an architecture, not a trained bundle: add --weights"
                    + " <file.h5|file.safetensors> (e.g. Keras's ImageNet weights, from 'citra weights fetch') or pass a bundle"
                    + " folder.");
        }
        List<String> names = labels != null ? ImageNetLabels.read(labels)
                : IntStream.range(0, ImageNetLabels.IMAGENET_CLASSES).mapToObj(i -> "class_" + i).toList();
        // The Keras Applications defaults: 224x224 RGB, stretched, and the backbone's own preprocess_input.
        ImageSpec spec = new ImageSpec(224, 3, Normalization.forBackbone(arch.name()));
        ArchitectureSpec archSpec = ArchitectureSpec.named(arch.name());
        Network net = Network.create(registry, archSpec, spec, names, 1);
        try {
            ImportReport report = WeightFiles.load(registry, net, weights, weightsStrict);
            if (report.worthShowing()) {
                System.err.println(report.summary());
            }
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
        BundleMetadata meta = BundleMetadata.of(BundleMetadata.CURRENT_FORMAT, archSpec, names, spec, null, Map.of(), null,
                null, net.parameterCount(), Version.get(), OffsetDateTime.now().toString());
        return Classifier.of(net, meta);
    }

    /** The architecture a --model value names, or null when it is not a plain registry name. */
    private static Architecture architectureNamed(ArchitectureRegistry registry, String name) {
        if (name.contains("/") || name.contains(java.io.File.separator)) {
            return null;
        }
        try {
            return registry.get(name);
        } catch (CitraException e) {
            return null;
        }
    }

    private void printTable(List<Row> rows) {
        int width = Math.min(60, rows.stream().mapToInt(r -> r.image().length()).max().orElse(5));
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", "image"));
        for (int k = 1; k <= topK; k++) {
            header.append(String.format(Locale.ROOT, "  %-24s", "top-" + k));
        }
        System.out.println(header.toString().stripTrailing());
        for (Row r : rows) {
            String name = r.image().length() > width ? "..." + r.image().substring(r.image().length() - width + 3) : r.image();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", name));
            if (r.error() != null) {
                line.append("  error: ").append(r.error());
            } else {
                for (Prediction p : r.predictions()) {
                    line.append(String.format(Locale.ROOT, "  %-24s", p.label() + String.format(Locale.ROOT, " %.4f", p.probability())));
                }
            }
            System.out.println(line.toString().stripTrailing());
        }
    }

    private String toCsv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("image");
        for (int k = 1; k <= topK; k++) {
            sb.append(",label_").append(k).append(",probability_").append(k);
        }
        sb.append(",error\n");
        for (Row r : rows) {
            sb.append(csvField(r.image()));
            for (int k = 0; k < topK; k++) {
                if (k < r.predictions().size()) {
                    Prediction p = r.predictions().get(k);
                    sb.append(',').append(csvField(p.label())).append(',')
                            .append(String.format(Locale.ROOT, "%.6f", p.probability()));
                } else {
                    sb.append(",,");
                }
            }
            sb.append(',').append(r.error() == null ? "" : csvField(r.error())).append('\n');
        }
        return sb.toString();
    }

    /** Image files under a folder, recursively, in a stable order; hidden files are left out. */
    private static List<Path> listImages(Path folder) throws java.io.IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        int dot = name.lastIndexOf('.');
                        return dot > 0 && ImageFolderSource.IMAGE_EXTENSIONS.contains(
                                name.substring(dot + 1).toLowerCase(Locale.ROOT));
                    })
                    .sorted()
                    .toList();
        }
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
