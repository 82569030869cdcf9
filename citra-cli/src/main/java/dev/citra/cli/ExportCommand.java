package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.bundle.ModelBundle;
import dev.citra.bundle.ModelTask;
import dev.citra.infer.OnnxExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citra export}: a classifier as a standard ONNX file. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        header = "Export a classifier as a standard ONNX file.",
        sortOptions = false,
        description = "Compile a trained classifier for inference (BatchNorm folded into the layer before it,"
                + " dropout removed, Keras's padding kept exact) and write it as an ONNX file (opset 17) that ONNX"
                + " Runtime and other ONNX tools load. Input 'input' (N, C, H, W) float; outputs 'logits' and"
                + " 'probabilities'. The pre-processing (input size, colour order, resize, mean and std on 0-255"
                + " pixels, labels) is in the file's metadata_props.")
public final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "A model bundle folder or a run folder (uses best/).")
    Path model;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "onnx", description = "The file format: onnx (default).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "The file to write (default: <model name>.onnx here).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!format.equalsIgnoreCase("onnx")) {
            throw new CitraException("Unknown export format '" + format + "': use --format onnx.");
        }
        Path bundle = ModelBundle.resolve(model);
        ModelBundle.requireTask(bundle, ModelTask.CLASSIFY);
        Path file = out != null ? out : Path.of(EvalCommand.defaultName(bundle) + ".onnx");
        if (Files.isDirectory(file)) {
            throw new CitraException("--out " + file + " is a folder: give a file name such as " + file.resolve("model.onnx") + ".");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OnnxExport.Result result = OnnxExport.export(bundle, file);
        PrintWriter o = spec.commandLine().getOut();
        Map<String, String> meta = result.metadata();
        o.printf(Locale.ROOT, "Wrote %s (%.1f MB, ONNX opset 17): %s%n", file, Files.size(file) / 1e6,
                result.graph().opCounts());
        o.printf(Locale.ROOT, "Input 'input' (N, %s, %s, %s) float, %s colour, resized by %s; x = (pixel - mean) / std"
                + " with mean %s, std %s; outputs 'logits' and 'probabilities' over %d labels.%n",
                meta.get("channels"), meta.get("input_size"), meta.get("input_size"), meta.get("color"),
                meta.get("resize"), meta.get("mean"), meta.get("std"),
                ModelBundle.readMetadata(bundle).labels().size());
        o.flush();
        return 0;
    }
}
