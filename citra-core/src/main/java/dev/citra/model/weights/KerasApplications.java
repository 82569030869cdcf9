package dev.citra.model.weights;

import dev.citra.CitraException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The ImageNet weight files of Keras Applications with the addresses and hashes Keras's own
 * {@code get_file} uses (keras/src/applications/*.py). Keras publishes no hash for mobilenet_v2;
 * those files are checked to be Keras HDF5 weights instead.
 */
public final class KerasApplications {
    /** Where Keras downloads from. */
    public static final URI BASE_URL = URI.create("https://storage.googleapis.com/tensorflow/keras-applications/");
    /** mobilenet_v2's width multipliers and input sizes with published weights. */
    public static final List<Double> MOBILENET_V2_ALPHAS = List.of(0.35, 0.5, 0.75, 1.0, 1.3, 1.4);
    public static final List<Integer> MOBILENET_V2_SIZES = List.of(96, 128, 160, 192, 224);

    private static final String KERNELS = "_weights_tf_dim_ordering_tf_kernels";

    private KerasApplications() {}

    /** Every known file, architecture by architecture, full before notop. */
    public static List<KerasApplicationsFile> all() {
        List<KerasApplicationsFile> files = new ArrayList<>();
        for (double alpha : MOBILENET_V2_ALPHAS) {
            for (int size : MOBILENET_V2_SIZES) {
                // Keras formats float(alpha) as Python does: 0.35, 0.5, 1.0.
                String variant = alpha + "_" + size;
                String base = "mobilenet_v2/mobilenet_v2" + KERNELS + "_" + variant;
                files.add(new KerasApplicationsFile("mobilenet_v2", variant, true, base + ".h5", null));
                files.add(new KerasApplicationsFile("mobilenet_v2", variant, false, base + "_no_top.h5", null));
            }
        }
        pair(files, "inception_v3", "inception_v3/", "9a0d58056eeedaa3f26cb7ebd46da564", "bcbd6486424b2319ff4ef7d526e38f63");
        pair(files, "resnet50", "resnet/", "2cb95161c43110f7111970584f804107", "4d473c1dd8becc155b73f8504c6f6626");
        pair(files, "densenet121", "densenet/", "9d60b8095a5708f2dcce2bca79d332c7", "30ee3e1110167f948a6b9946edeeb738");
        pair(files, "densenet169", "densenet/", "d699b8f76981ab1b30698df4c175e90b", "b8c4d4c20dd625c148057b9ff1c1176b");
        pair(files, "densenet201", "densenet/", "1ceb130c1ea1b78c3bf6114dbdfd8807", "c13680b51ded0fb44dff2d8f86ac8bb1");
        return List.copyOf(files);
    }

    private static void pair(List<KerasApplicationsFile> files, String arch, String dir, String topHash, String notopHash) {
        String base = dir + arch + KERNELS;
        files.add(new KerasApplicationsFile(arch, "", true, base + ".h5", topHash));
        files.add(new KerasApplicationsFile(arch, "", false, base + "_notop.h5", notopHash));
    }

    /** The architectures with files, in order. */
    public static List<String> architectures() {
        Set<String> names = new LinkedHashSet<>();
        all().forEach(f -> names.add(f.architecture()));
        return List.copyOf(names);
    }

    /** The files of one architecture ({@code MobileNet-V2} is {@code mobilenet_v2}); none is an error. */
    public static List<KerasApplicationsFile> of(String architecture) {
        String arch = architecture.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        List<KerasApplicationsFile> files = all().stream().filter(f -> f.architecture().equals(arch)).toList();
        if (files.isEmpty()) {
            throw new CitraException("Keras Applications has no weights for '" + architecture + "' that citra knows: use"
                    + " one of " + architectures() + ".");
        }
        return files;
    }

    /**
     * The file for an architecture; {@code alpha} and {@code size} (mobilenet_v2 only) default to
     * 1.0 and 224. Unknown values get one sentence listing the known ones.
     */
    public static KerasApplicationsFile find(String architecture, boolean top, Double alpha, Integer size) {
        String arch = of(architecture).get(0).architecture();
        String variant = "";
        if (arch.equals("mobilenet_v2")) {
            double a = alpha == null ? 1.0 : alpha;
            int s = size == null ? 224 : size;
            if (!MOBILENET_V2_ALPHAS.contains(a)) {
                throw new CitraException("mobilenet_v2 has ImageNet weights for alpha " + MOBILENET_V2_ALPHAS + ", not " + a
                        + ": pick one of those.");
            }
            if (!MOBILENET_V2_SIZES.contains(s)) {
                throw new CitraException("mobilenet_v2 has ImageNet weights for input sizes " + MOBILENET_V2_SIZES + ", not "
                        + s + ": pick one of those (the weights also work at other sizes).");
            }
            variant = a + "_" + s;
        } else if (alpha != null || size != null) {
            throw new CitraException("--alpha and --size pick among mobilenet_v2's files; " + arch
                    + " has one file (and one _notop file): leave them out.");
        }
        for (KerasApplicationsFile f : of(arch)) {
            if (f.variant().equals(variant) && f.top() == top) {
                return f;
            }
        }
        throw new IllegalStateException("no file for " + arch + " " + variant);
    }
}
