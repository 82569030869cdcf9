package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.bundle.ModelBundle;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.Architecture;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.ModelSummary;
import dev.citra.model.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code citra model}: look at a network without training it. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Inspect a network: an architecture by name or a saved model bundle.",
        subcommands = {ModelCommand.SummaryCommand.class})
public final class ModelCommand extends CommandGroup {
    /** {@code citra model summary}: the Keras-style layer table. */
    @Command(
            name = "summary",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Print a Keras-style table of a network's layers: name, output shape (channels-last, batch omitted,"
                    + " as Keras's (None, H, W, C)) and parameters, then total, trainable and non-trainable parameters"
                    + " (BatchNorm running statistics are non-trainable, as in Keras).")
    static final class SummaryCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "MODEL",
                description = "An architecture name (simple-cnn, fer-cnn, mobilenet_v2, inception_v3, resnet50, densenet121, densenet201, ...) or a model bundle / run folder.")
        String model;

        @Option(names = "--img-size", paramLabel = "PIXELS",
                description = "Input side for an architecture name (default: what it is made for: 224, inception_v3 299, fer-cnn 48, simple-cnn 32).")
        Integer input;

        @Option(names = "--channels", paramLabel = "N",
                description = "Input channels for an architecture name (default 3; fer-cnn 1).")
        Integer channels;

        @Option(names = "--classes", paramLabel = "N",
                description = "Classes for an architecture name (default 1000; fer-cnn 7, simple-cnn 4).")
        Integer classes;

        @Option(names = "--notop", description = "Only the backbone, as Keras's include_top=False (its _notop parameter counts).")
        boolean notop;

        @Override
        public Integer call() {
            Path path = Path.of(model);
            // A folder, or anything that looks like a path, is a bundle (a missing one gets the bundle's message).
            boolean bundle = Files.exists(path) || model.contains("/") || model.contains(java.io.File.separator);
            if (bundle && (input != null || channels != null || classes != null)) {
                throw new CitraException("--img-size, --channels and --classes apply to an architecture name; the bundle "
                        + model + " fixes them.");
            }
            try (Network network = bundle ? ModelBundle.load(path) : build()) {
                ModelSummary summary = notop ? ModelSummary.backboneOf(network, ArchitectureRegistry.defaults())
                        : ModelSummary.of(network);
                spec.commandLine().getOut().print(summary.toTable());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }

        private Network build() {
            ArchitectureRegistry registry = ArchitectureRegistry.defaults();
            Architecture architecture = registry.get(model); // an unknown name gets the registry's message
            Architecture.DesignInput design = architecture.designInput();
            int size = input == null ? design.size() : input;
            int c = channels == null ? design.channels() : channels;
            int n = classes == null ? design.classes() : classes;
            if (size < 8 || size > 4096) {
                throw new CitraException("--img-size must be between 8 and 4096, not " + size + ".");
            }
            if (c != 1 && c != 3) {
                throw new CitraException("--channels must be 1 or 3, not " + c + ".");
            }
            if (n < 2 || n > 100_000) {
                throw new CitraException("--classes must be between 2 and 100000, not " + n + ".");
            }
            List<String> labels = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                labels.add("class_" + i);
            }
            return Network.create(registry, ArchitectureSpec.named(architecture.name()), new ImageSpec(size, c, Normalization.TORCH),
                    labels, 0);
        }
    }
}
