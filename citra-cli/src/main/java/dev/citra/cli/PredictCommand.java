package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.infer.Classifier;
import dev.citra.infer.FolderPredictor;
import dev.citra.infer.ImagePrediction;
import dev.citra.infer.Prediction;
import dev.citra.infer.PredictionCsv;
import dev.citra.infer.PretrainedClassifier;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.weights.ImageNetLabels;
import dev.citra.run.RunDirectory;
import dev.citra.util.AtomicFiles;
import dev.citra.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    @picocli.CommandLine.Mixin
    TtaOption tta;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the predictions as CSV to FILE (a folder writes <out>/predict/<name>/predictions.csv without it).")
    Path csv;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "Folder of runs: a folder's predictions.csv goes to <out>/predict/<name>/ (default runs/).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "Name of that folder (default: the model's run name; a number is added when it is taken).")
    String name;

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
                images.addAll(FolderPredictor.imagesIn(input));
            } else if (Files.exists(input)) {
                images.add(input);
            } else {
                throw new CitraException("Image " + input + " does not exist: pass image files or folders.");
            }
        }
        if (images.isEmpty()) {
            throw new CitraException("No images found in " + inputs + ": folders must hold .jpg, .jpeg, .png, .bmp or .gif files.");
        }
        List<ImagePrediction> rows;
        dev.citra.infer.TestTimeAugmentation augmentation = tta.value();
        try (Classifier classifier = openClassifier().testTimeAugmentation(augmentation)) {
            // One image that cannot be read is the command's error; among many, it is that image's row.
            rows = images.size() == 1
                    ? List.of(ImagePrediction.of(images.get(0).toString(), classifier.predict(images.get(0), topK)))
                    : FolderPredictor.predict(classifier, images, topK);
        }
        if (json) {
            System.out.println(Json.write(rows.size() == 1 && !folder ? rows.get(0) : rows));
        } else {
            printTable(rows);
        }
        Path csvFile = csv != null ? csv
                : folder ? RunDirectory.create(out, "predict", name != null ? name : EvalCommand.defaultName(model)).path()
                        .resolve("predictions.csv") : null;
        if (csvFile != null) {
            AtomicFiles.writeString(csvFile, PredictionCsv.of(rows, topK));
            // JSON on standard output stays pure JSON.
            (json ? System.err : System.out).println((json ? "" : System.lineSeparator()) + "Predictions: " + csvFile);
        }
        return 0;
    }

    /** A bundle's classifier, or an architecture with imported weights. */
    private Classifier openClassifier() {
        if (Files.exists(model) || !PretrainedClassifier.isArchitecture(model.toString())) {
            if (weights != null || labels != null) {
                throw new CitraException("--weights and --labels go with an architecture name such as --model mobilenet_v2;"
                        + " the bundle " + model + " carries its own weights and labels.");
            }
            return Classifier.load(model);
        }
        String arch = ArchitectureRegistry.defaults().get(model.toString()).name();
        if (weights == null) {
            throw new CitraException("--model " + arch + " is an architecture, not a trained bundle: add --weights"
                    + " <file.h5|file.safetensors> (e.g. Keras's ImageNet weights, from 'citra weights fetch') or pass a bundle"
                    + " folder.");
        }
        PretrainedClassifier loaded = PretrainedClassifier.load(arch, weights,
                labels != null ? ImageNetLabels.read(labels) : null, weightsStrict);
        if (loaded.report().worthShowing()) {
            System.err.println(loaded.report().summary());
        }
        return loaded.classifier();
    }

    private void printTable(List<ImagePrediction> rows) {
        int width = Math.min(60, rows.stream().mapToInt(r -> r.image().length()).max().orElse(5));
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", "image"));
        for (int k = 1; k <= topK; k++) {
            header.append(String.format(Locale.ROOT, "  %-24s", "top-" + k));
        }
        System.out.println(header.toString().stripTrailing());
        for (ImagePrediction r : rows) {
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
}
