package dev.citra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Packages only import downward: a package of {@code dev.citra} may use the packages in the layers
 * below its own, never one above it or one beside it in the same layer. The root classes
 * ({@link CitraException}, {@link Version}) are below everything and use none of the packages.
 * Both imports and fully qualified names in code count; comments and strings do not. Every module
 * of the repository is checked (their sources lie beside this one's), so the application modules
 * (server, vision, spark, onnx, cli) keep to the same order.
 */
class LayeringTest {
    /** Highest first; packages named relative to {@code dev.citra}. */
    static final List<List<String>> LAYERS = List.of(
            List.of("cli"),
            List.of("server", "spark"),
            List.of("vision"),
            List.of("vision.monitor"),
            List.of("vision.detect", "vision.video", "vision.stats"),
            List.of("onnx"),
            List.of("bench", "sweep"),
            List.of("classify", "caption"),
            List.of("run"),
            List.of("train"),
            List.of("train.optim"),
            List.of("eval"),
            List.of("infer"),
            List.of("bundle"),
            List.of("graph"),
            List.of("model.weights"),
            List.of("model"),
            List.of("data"),
            List.of("image"),
            List.of("util"),
            List.of(""));

    /** The repository: this module's parent folder, where every module lies. */
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+([\\w.]+)\\s*;");
    /** {@code dev.citra.<package>.<Type>}, {@code dev.citra.<Type>} or {@code dev.citra.<package>.*}. */
    private static final Pattern REFERENCE = Pattern.compile(
            "\\bdev\\s*\\.\\s*citra((?:\\s*\\.\\s*[a-z_][\\w]*)*)\\s*\\.\\s*(\\*|[A-Z][\\w]*)");

    @Test
    void packagesOnlyImportDownward() throws IOException {
        List<String> violations = new ArrayList<>();
        List<Path> files = sources();
        for (Path file : files) {
            violations.addAll(violations(REPO.relativize(file).toString().replace('\\', '/'), Files.readString(file)));
        }
        assertTrue(files.size() > 50, "Found only " + files.size() + " sources under " + REPO);
        assertTrue(files.stream().anyMatch(f -> f.startsWith(REPO.resolve("citra-cli"))), "the cli module is checked");
        if (!violations.isEmpty()) {
            fail(violations.size() + " import(s) point up or sideways (allowed order, top to bottom: " + order()
                    + "):\n  " + String.join("\n  ", violations));
        }
    }

    @Test
    void everyPackageHasALayer() throws IOException {
        TreeSet<String> unplaced = new TreeSet<>();
        for (Path file : sources()) {
            String pkg = packageOf(Files.readString(file));
            if (layerOf(pkg) < 0) {
                unplaced.add("dev.citra" + (pkg.isEmpty() ? "" : "." + pkg) + " (" + REPO.relativize(file) + ")");
            }
        }
        assertTrue(unplaced.isEmpty(), "Packages without a layer in LayeringTest.LAYERS: " + unplaced
                + ". Add each where it belongs in " + order() + ".");
    }

    @Test
    void catchesAnImportThatPointsUp() {
        String source = """
                package dev.citra.model;

                import dev.citra.image.ImageSpec;
                import dev.citra.train.TrainConfig; // up
                import static dev.citra.model.weights.WeightFiles.find; // up
                /* dev.citra.infer.Classifier in a comment, and in a string: */
                class Bad {
                    String s = "dev.citra.bundle.ModelBundle";
                    Object b = new dev.citra.model.weights.KerasWeights(); // up, qualified
                    dev.citra.CitraException e; // the root is below everything
                }
                """;
        List<String> found = violations("dev/citra/model/Bad.java", source);
        assertEquals(3, found.size(), String.join("\n", found));
        assertEquals("dev/citra/model/Bad.java:4 uses dev.citra.train.TrainConfig: model may not import train,"
                + " which is above it", found.get(0));
        assertTrue(found.get(2).startsWith("dev/citra/model/Bad.java:9 uses dev.citra.model.weights.KerasWeights"),
                found.get(2));
        assertEquals(1, violations("dev/citra/caption/Bad.java",
                "package dev.citra.caption;\nimport dev.citra.classify.TrainingJob;\n").size(), "sideways");
    }

    /** The references in one source file that break the layering, one message each. */
    static List<String> violations(String file, String source) {
        String code = withoutCommentsAndStrings(source);
        String from = packageOf(code);
        int fromLayer = layerOf(from);
        List<String> out = new ArrayList<>();
        if (fromLayer < 0) {
            return out; // everyPackageHasALayer names it
        }
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            String to = m.group(1).replaceAll("\\s", "");
            to = to.isEmpty() ? "" : to.substring(1);
            if (to.equals(from)) {
                continue;
            }
            int toLayer = layerOf(to);
            String rule;
            if (toLayer < 0) {
                rule = "dev.citra." + to + " has no layer in LayeringTest.LAYERS";
            } else if (toLayer < fromLayer) {
                rule = name(from) + " may not import " + name(to) + ", which is above it";
            } else if (toLayer == fromLayer) {
                rule = name(from) + " may not import " + name(to) + ", which is beside it";
            } else {
                continue;
            }
            int line = (int) code.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
            out.add(file + ":" + line + " uses dev.citra." + (to.isEmpty() ? "" : to + ".") + m.group(2) + ": " + rule);
        }
        return out;
    }

    /** The main sources of every module: {@code citra-*}{@code /src/main/java/dev/citra/...}. */
    private static List<Path> sources() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> modules = Files.list(REPO)) {
            for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("citra-")).sorted().toList()) {
                Path main = module.resolve("src/main/java/dev/citra");
                if (!Files.isDirectory(main)) {
                    continue;
                }
                try (Stream<Path> s = Files.walk(main)) {
                    s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
                }
            }
        }
        return files;
    }

    /** The package relative to {@code dev.citra} ("" for the root), or null outside it. */
    private static String packageOf(String code) {
        Matcher m = PACKAGE.matcher(withoutCommentsAndStrings(code));
        String pkg = m.find() ? m.group(1) : "";
        if (pkg.equals("dev.citra")) {
            return "";
        }
        return pkg.startsWith("dev.citra.") ? pkg.substring("dev.citra.".length()) : null;
    }

    private static int layerOf(String pkg) {
        if (pkg == null) {
            return -1;
        }
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    private static String name(String pkg) {
        return pkg.isEmpty() ? "dev.citra" : pkg;
    }

    private static String order() {
        List<String> names = new ArrayList<>();
        for (List<String> layer : LAYERS) {
            names.add(String.join("|", layer.stream().map(LayeringTest::name).toList()));
        }
        return String.join(" -> ", names);
    }

    /** Blanks comments, string, text-block and char literals, keeping the line breaks. */
    static String withoutCommentsAndStrings(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int end;
            if (s.startsWith("//", i)) {
                end = s.indexOf('\n', i);
                end = end < 0 ? s.length() : end;
            } else if (s.startsWith("/*", i)) {
                end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                end = s.indexOf("\"\"\"", i + 3);
                while (end > 0 && s.charAt(end - 1) == '\\') {
                    end = s.indexOf("\"\"\"", end + 1);
                }
                end = end < 0 ? s.length() : end + 3;
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char quote = s.charAt(i);
                end = i + 1;
                while (end < s.length() && s.charAt(end) != quote && s.charAt(end) != '\n') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(s.length(), end + 1);
            } else {
                out.append(s.charAt(i++));
                continue;
            }
            for (int j = i; j < end; j++) {
                out.append(s.charAt(j) == '\n' ? '\n' : ' ');
            }
            i = end;
        }
        return out.toString();
    }
}
