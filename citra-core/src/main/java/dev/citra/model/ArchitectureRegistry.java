package dev.citra.model;

import ai.djl.nn.Block;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The networks citra can build, by name. */
public final class ArchitectureRegistry {
    private final Map<String, Architecture> byName = new LinkedHashMap<>();

    private ArchitectureRegistry(List<Architecture> architectures) {
        for (Architecture a : architectures) {
            byName.put(a.name(), a);
        }
    }

    /** The built-in architectures. */
    public static ArchitectureRegistry defaults() {
        return new ArchitectureRegistry(List.of(new SimpleCnn(), new FerCnn(), new BackboneArchitecture(new MobileNetV2()),
                new BackboneArchitecture(new InceptionV3()),
                new BackboneArchitecture(new ResNet50()),
                new BackboneArchitecture(DenseNet.densenet121()),
                new BackboneArchitecture(DenseNet.densenet169()),
                new BackboneArchitecture(DenseNet.densenet201()),
                new BackboneArchitecture(new TorchScriptFeatures()),
                new BackboneArchitecture(new OnnxFeatures()),
                new CustomCnn()));
    }

    public Collection<Architecture> all() {
        return byName.values();
    }

    /** Finds an architecture; an unknown name gets the list of known ones and the closest. */
    public Architecture get(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        Architecture a = byName.get(key);
        if (a == null) {
            a = byName.get(key.replace('_', '-'));
        }
        if (a == null) {
            a = byName.get(key.replace('-', '_'));
        }
        if (a != null) {
            return a;
        }
        String closest = byName.keySet().stream()
                .min(Comparator.comparingInt(k -> editDistance(k, key)))
                .orElse("simple-cnn");
        throw new CitraException("Unknown model '" + name + "': use one of " + byName.keySet()
                + (editDistance(closest, key) <= 3 ? " (did you mean '" + closest + "'?)" : "") + ".");
    }

    /** Builds the network a spec names. */
    public Block build(ArchitectureSpec spec, int numClasses, ImageSpec input) {
        if (numClasses < 2) {
            throw new CitraException("A classifier needs at least 2 classes, got " + numClasses + ".");
        }
        Architecture architecture = get(spec.name());
        if (spec.width() != null && spec.width() != 1.0 && !architecture.takesWidth()) {
            throw new CitraException(spec.name() + " has no width multiplier, but width " + spec.width()
                    + " was given: remove 'width' (it applies to mobilenet_v2).");
        }
        return architecture.build(spec, numClasses, input);
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
