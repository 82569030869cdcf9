package dev.citra.model.weights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The name tables from PyTorch checkpoints to citra's Keras-layout backbones, one per
 * architecture. Adding an architecture is one more table here.
 */
public final class TorchLayouts {
    private static final float TORCH_EPSILON = 1e-5f;

    private TorchLayouts() {}

    /** Every known table. */
    public static List<TorchLayout> all() {
        return List.of(timmMobileNetV2(), torchvisionResNet50());
    }

    /** The table for a registry architecture, if there is one. */
    public static Optional<TorchLayout> find(String architecture) {
        return all().stream().filter(l -> l.architecture().equals(architecture)).findFirst();
    }

    /**
     * timm's {@code mobilenetv2_*} ({@code efficientnet.py}: conv_stem/bn1, blocks.S.I with a
     * depthwise-separable first block (conv_dw, bn1, conv_pw, bn2) and inverted residuals
     * (conv_pw, bn1, conv_dw, bn2, conv_pwl, bn3), conv_head/bn2, classifier). The names do not
     * depend on the width multiplier.
     */
    static TorchLayout timmMobileNetV2() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Conv1", "conv_stem");
        m.put("bn_Conv1", "bn1");
        m.put("expanded_conv_depthwise", "blocks.0.0.conv_dw");
        m.put("expanded_conv_depthwise_BN", "blocks.0.0.bn1");
        m.put("expanded_conv_project", "blocks.0.0.conv_pw");
        m.put("expanded_conv_project_BN", "blocks.0.0.bn2");
        // Inverted residual blocks per stage after the first (the paper's repeats 2, 3, 4, 3, 3, 1).
        int[] repeats = {2, 3, 4, 3, 3, 1};
        int blockId = 1;
        for (int stage = 0; stage < repeats.length; stage++) {
            for (int i = 0; i < repeats[stage]; i++, blockId++) {
                String keras = "block_" + blockId + "_";
                String torch = "blocks." + (stage + 1) + "." + i + ".";
                m.put(keras + "expand", torch + "conv_pw");
                m.put(keras + "expand_BN", torch + "bn1");
                m.put(keras + "depthwise", torch + "conv_dw");
                m.put(keras + "depthwise_BN", torch + "bn2");
                m.put(keras + "project", torch + "conv_pwl");
                m.put(keras + "project_BN", torch + "bn3");
            }
        }
        m.put("Conv_1", "conv_head");
        m.put("Conv_1_bn", "bn2");
        m.put(KerasWeightImporter.HEAD, "classifier");
        return new TorchLayout("mobilenet_v2", "timm mobilenetv2", m, TORCH_EPSILON, 1e-3f, false,
                "timm pads its stride-2 3×3 convolutions by one pixel on every side, Keras (and this network) only"
                        + " on the bottom/right when the input side is even, so outputs equal timm's only at input"
                        + " sizes 32k+1 (97, 129, 161, 193, 225) and differ slightly elsewhere (224 included):"
                        + " fine-tune, or use the Keras .h5 weights for Keras-exact outputs");
    }

    /**
     * torchvision's {@code resnet50} (conv1/bn1, layerS.B.conv1-3/bn1-3, layerS.0.downsample.0/1,
     * fc) into Keras's ResNet50 ({@code convS_blockB_i_conv/bn}, shortcut {@code _0_}).
     */
    static TorchLayout torchvisionResNet50() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("conv1_conv", "conv1");
        m.put("conv1_bn", "bn1");
        int[] blocks = {3, 4, 6, 3};
        for (int s = 0; s < blocks.length; s++) {
            for (int b = 0; b < blocks[s]; b++) {
                String keras = "conv" + (s + 2) + "_block" + (b + 1) + "_";
                String torch = "layer" + (s + 1) + "." + b + ".";
                if (b == 0) {
                    m.put(keras + "0_conv", torch + "downsample.0");
                    m.put(keras + "0_bn", torch + "downsample.1");
                }
                for (int i = 1; i <= 3; i++) {
                    m.put(keras + i + "_conv", torch + "conv" + i);
                    m.put(keras + i + "_bn", torch + "bn" + i);
                }
            }
        }
        m.put(KerasWeightImporter.HEAD, "fc");
        return new TorchLayout("resnet50", "torchvision resnet50", m, TORCH_EPSILON, 1.001e-5f, true,
                "torchvision's ResNet50 is v1.5 (stride 2 in the 3×3 convolution of a stage's first block), Keras's"
                        + " is v1 (stride 2 in the first 1×1), so the loaded network computes other features than"
                        + " torchvision's: fine-tune it, or use the Keras .h5 weights");
    }
}
