package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.caption.CaptionConfig;
import dev.citra.caption.CaptionDecoder;
import dev.citra.caption.CaptionEvaluation;
import dev.citra.caption.CaptionJob;
import dev.citra.caption.CaptionOptions;
import dev.citra.caption.Captioner;
import dev.citra.data.DataFiles;
import dev.citra.train.ConfigIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code citra caption}: image captioning (S0): train, evaluate, caption images. */
@Command(name = "caption", mixinStandardHelpOptions = true,
        header = "Image captioning: train an encoder-decoder on Flickr8k, evaluate it with BLEU, caption images.",
        subcommands = {CaptionCommand.Train.class, CaptionCommand.Eval.class, CaptionCommand.Predict.class})
public final class CaptionCommand extends CommandGroup {

    /** {@code citra caption train}. */
    @Command(name = "train", mixinStandardHelpOptions = true, modelTransformer = TrainFlags.Caption.class,
            sortOptions = false,
            header = "Train a captioner: frozen encoder features cached once, an LSTM decoder trained on them.",
            description = {
                "Reads Flickr8k as downloaded (Flickr8k.token.txt with its split files, or Kaggle's captions.txt),"
                        + " cleans the captions, builds the vocabulary, runs the encoder once per image and trains the"
                        + " decoder with early stopping; then captions the held-out images greedily and by beam search"
                        + " and reports corpus BLEU-1..4 beside the frequent-caption baseline.",
                "Every option can also be set in --config caption.yaml (the key is the option's name with '_' for"
                        + " '-'); options given here win."
            })
    static final class Train implements Callable<Integer> {
        @Option(names = "--config", paramLabel = "YAML", description = "A caption config in YAML; flags given here win.")
        Path config;

        @Option(names = "--resume", paramLabel = "RUN", description = "Continue the caption run in this folder from its last/ checkpoint.")
        Path resume;

        @Mixin
        DeviceFlag deviceFlag = new DeviceFlag();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, Object> given = TrainFlags.given(spec, CaptionOptions.ALL);
            CaptionJob.Result result;
            if (resume != null) {
                if (config != null) {
                    throw new CitraException("--resume takes the run's own config.yaml; drop --config (flags such as"
                            + " --epochs still apply).");
                }
                result = CaptionJob.resuming(resume, given, System.out).run();
            } else {
                CaptionConfig base = config == null ? CaptionConfig.of(Map.of()) : ConfigIO.read(config, CaptionConfig.class);
                result = new CaptionJob(base.with(given), System.out).run();
            }
            System.out.println();
            System.out.println("Run folder:   " + result.runDir());
            System.out.println("Report:       " + result.runDir().resolve("report.html"));
            System.out.println("Caption with: ./citra caption predict --model " + result.bestBundle() + " <image or folder>");
            return 0;
        }
    }

    /** {@code citra caption eval}. */
    @Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
            header = "Corpus BLEU-1..4 of a caption model on Flickr8k (its held-out split when it is the training data).")
    static final class Eval implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "A caption bundle, or a caption run folder.")
        Path model;

        @Option(names = "--data", required = true, paramLabel = "PATH", description = "Flickr8k folder or .zip.")
        Path data;

        @Option(names = "--beam", paramLabel = "K", description = "Beam width (default: the one the model was evaluated with; 1 = greedy only).")
        Integer beam;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "Folder of runs; default ${DEFAULT-VALUE}.")
        Path out;

        @Mixin
        DeviceFlag deviceFlag = new DeviceFlag();

        @Option(names = "--name", paramLabel = "NAME", description = "Evaluation folder name (default exp, exp2, ...).")
        String name;

        @Override
        public Integer call() {
            if (beam != null) {
                CaptionOptions.BEAM.check(beam);
            }
            CaptionEvaluation.Result r = CaptionEvaluation.run(model, data, beam, out, name,
                    Runtime.getRuntime().availableProcessors(), System.out);
            System.out.println("Report: " + r.dir().resolve("report.html"));
            return 0;
        }
    }

    /** {@code citra caption predict}. */
    @Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
            header = "Caption images with a caption model.")
    static final class Predict implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "A caption bundle, or a caption run folder.")
        Path model;

        @Option(names = "--beam", paramLabel = "K", description = "Beam width (default: the model's; 1 = greedy).")
        Integer beam;

        @Option(names = "--json", description = "One JSON object a line: image, caption, log_probability.")
        boolean json;

        @Mixin
        DeviceFlag deviceFlag = new DeviceFlag();

        @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files or folders.")
        List<Path> inputs;

        @Override
        public Integer call() {
            if (beam != null) {
                CaptionOptions.BEAM.check(beam);
            }
            List<Path> images = images(inputs);
            int failed = 0;
            try (Captioner captioner = Captioner.load(model)) {
                int width = beam != null ? beam : captioner.metadata().beam();
                for (Path image : images) {
                    try {
                        CaptionDecoder.Caption c = captioner.caption(image, width);
                        if (json) {
                            Map<String, Object> line = new LinkedHashMap<>();
                            line.put("image", image.toString());
                            line.put("caption", c.text());
                            line.put("log_probability", c.logProbability());
                            System.out.println(dev.citra.bundle.ModelBundle.json()
                                    .disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                                    .writeValueAsString(line));
                        } else {
                            System.out.println(image + ": " + c.text());
                        }
                    } catch (CitraException e) {
                        if (images.size() == 1) {
                            throw e;
                        }
                        failed++;
                        System.err.println(image + ": " + e.getMessage());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            if (failed > 0) {
                System.err.println(String.format(Locale.ROOT, "%d of %d images could not be read.", failed, images.size()));
            }
            return 0;
        }

        private static List<Path> images(List<Path> inputs) {
            List<Path> out = new ArrayList<>();
            for (Path p : inputs) {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> files = Files.list(p)) {
                        files.filter(f -> DataFiles.isImage(f.getFileName().toString())).sorted().forEach(out::add);
                    } catch (IOException e) {
                        throw new UncheckedIOException("Could not list " + p, e);
                    }
                } else if (!Files.exists(p)) {
                    throw new CitraException("Image " + p + " does not exist: check the path.");
                } else {
                    out.add(p);
                }
            }
            if (out.isEmpty()) {
                throw new CitraException("No images in " + inputs + ": pass image files or a folder with images.");
            }
            return out;
        }
    }
}
