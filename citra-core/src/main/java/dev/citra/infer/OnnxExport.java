package dev.citra.infer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.graph.GraphCompiler;
import dev.citra.graph.InferenceGraph;
import dev.citra.graph.OnnxWriter;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.Network;
import dev.citra.util.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Exports a classifier bundle as a standard ONNX file: the compiled inference graph
 * ({@link GraphCompiler}) with the pre-processing a caller must apply in the model's
 * {@code metadata_props}, so that the file is usable without citra.
 */
public final class OnnxExport {
    private OnnxExport() {}

    /** What an export wrote. */
    public record Result(Path file, InferenceGraph graph, Map<String, String> metadata) {}

    /** Compiles the bundle (or a run folder's best checkpoint) and writes it to {@code out}, atomically. */
    public static Result export(Path model, Path out) {
        Path dir = ModelBundle.resolve(model);
        BundleMetadata meta = ModelBundle.readMetadata(dir);
        try (Network network = ModelBundle.load(dir)) {
            return export(network, meta, out);
        }
    }

    /** Writes a network already in memory, described by {@code meta}. */
    public static Result export(Network network, BundleMetadata meta, Path out) {
        InferenceGraph graph = GraphCompiler.compile(network);
        Map<String, String> props = metadata(meta.architecture().name(), network.input(), network.labels());
        OnnxWriter.write(graph, network.labels().size(), props, out);
        return new Result(out, graph, props);
    }

    /**
     * The pre-processing as ONNX metadata: resize an image to {@code input_size} square as {@code resize}
     * says, take its channels in {@code color} order, then {@code (pixel − mean) / std} per channel
     * on 0–255 values, laid out NCHW.
     */
    public static Map<String, String> metadata(String architecture, ImageSpec input, List<String> labels) {
        Normalization n = input.normalization();
        int channels = input.channels();
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            // apply() is a*v + b per channel: std = 1/a, mean = -b/a.
            double b = n.apply(0, c, channels);
            double a = (n.apply(255, c, channels) - b) / 255.0;
            std[c] = 1 / a;
            mean[c] = -b / a;
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("citra.architecture", architecture);
        props.put("input_name", OnnxWriter.INPUT);
        props.put("output_names", OnnxWriter.LOGITS + "," + OnnxWriter.PROBABILITIES);
        props.put("layout", "NCHW");
        props.put("input_size", Integer.toString(input.size()));
        props.put("channels", Integer.toString(channels));
        props.put("color", input.grey() ? "grey" : n.sourceChannel(0, channels) == 0 ? "rgb" : "bgr");
        props.put("resize", input.resize().id());
        if (input.blur() > 0) {
            // Outside the graph, like the resize: a caller blurs the resized image by this sigma (pixels).
            props.put("blur_sigma", Double.toString(input.blur()));
        }
        props.put("normalization", n.id());
        props.put("mean", join(mean));
        props.put("std", join(std));
        props.put("labels", labelsJson(labels));
        return props;
    }

    /** The labels as one line of JSON (a JSON array of strings). */
    private static String labelsJson(List<String> labels) {
        try {
            return Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the labels as JSON", e);
        }
    }

    private static String join(double[] values) {
        return IntStream.range(0, values.length)
                .mapToObj(i -> String.format(Locale.ROOT, "%.6g", values[i]).replaceAll("\\.?0+$", ""))
                .collect(Collectors.joining(","));
    }
}
