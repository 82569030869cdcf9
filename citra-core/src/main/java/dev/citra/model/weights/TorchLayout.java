package dev.citra.model.weights;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a PyTorch state dict (timm, torchvision) names the layers of one citra architecture, which
 * is laid out as Keras builds it. Parameter names inside a module follow PyTorch: {@code weight}
 * and {@code bias} for convolutions and dense layers (already OIHW and (out, in), as DJL's),
 * {@code weight, bias, running_mean, running_var} for BatchNorm; {@code num_batches_tracked} is
 * ignored.
 *
 * @param architecture the citra registry name, e.g. {@code mobilenet_v2}
 * @param origin whose names these are, for messages, e.g. {@code timm mobilenetv2_100}
 * @param modules Keras layer name to PyTorch module path, e.g. {@code block_1_expand} to
 *     {@code blocks.1.0.conv_pw}; the classifier is {@code predictions}
 * @param sourceEpsilon the source's BatchNorm epsilon (PyTorch's default is 1e-5)
 * @param networkEpsilon the citra network's (Keras's) BatchNorm epsilon; the difference is folded
 *     into gamma so that inference gives the source's numbers
 * @param zeroConvBias true when the source's convolutions have no bias but the network's do
 *     (torchvision ResNet50 vs Keras): those biases are set to 0
 * @param caveat where the loaded network still computes something other than the source model
 *     (reported with every import), or null
 */
public record TorchLayout(String architecture, String origin, Map<String, String> modules, float sourceEpsilon,
        float networkEpsilon, boolean zeroConvBias, String caveat) {
    public TorchLayout {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(origin, "origin");
        modules = Collections.unmodifiableMap(new LinkedHashMap<>(modules));
    }
}
