package dev.citra.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The training runs under a {@code runs/} folder ({@code runs/<task>/<name>/}) and the files of
 * theirs the pages may show. Only names of letters, digits, dots, dashes and underscores and only the
 * listed files are ever resolved, so a URL cannot reach outside the folder.
 */
public final class RunsCatalog {
    /** The run files the server hands out, with their media types. */
    static final List<String> FILES = List.of("report.html", "report.json", "curves.png", "confusion_matrix.png",
            "history.csv", "metrics.csv", "config.yaml", "log.txt");

    private final Path root;
    private final ObjectMapper json = new ObjectMapper();

    /** A catalog of {@code root}, which need not exist yet. */
    public RunsCatalog(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * One run as the runs page lists it.
     *
     * @param accuracy test accuracy from its report, or null
     * @param macroF1 macro-averaged F1 from its report, or null
     * @param files the files of {@link #FILES} it has
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunInfo(String task, String name, String title, String created, Integer images, Double accuracy,
            Double macroF1, List<String> files) {}

    /** Every run with at least one of the files, newest report first. */
    public List<RunInfo> list() {
        List<RunInfo> runs = new ArrayList<>();
        for (Path taskDir : children(root)) {
            for (Path runDir : children(taskDir)) {
                List<String> files = FILES.stream().filter(f -> Files.isRegularFile(runDir.resolve(f))).toList();
                if (!files.isEmpty()) {
                    runs.add(describe(taskDir.getFileName().toString(), runDir, files));
                }
            }
        }
        runs.sort(Comparator.comparing((RunInfo r) -> r.created() == null ? "" : r.created()).reversed()
                .thenComparing(RunInfo::task).thenComparing(RunInfo::name));
        return runs;
    }

    /** The file {@code file} of run {@code task/name}, when all three are allowed names and it exists. */
    public Optional<Path> file(String task, String name, String file) {
        if (!ModelSource.validName(task) || !ModelSource.validName(name) || !FILES.contains(file)) {
            return Optional.empty();
        }
        Path path = root.resolve(task).resolve(name).resolve(file).normalize();
        try {
            // A symbolic link inside runs/ must not lead out of it either.
            if (!path.startsWith(root) || !Files.isRegularFile(path) || !path.toRealPath().startsWith(root.toRealPath())) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(path);
    }

    private RunInfo describe(String task, Path runDir, List<String> files) {
        String title = null;
        String created = null;
        Integer images = null;
        Double accuracy = null;
        Double macroF1 = null;
        Path report = runDir.resolve("report.json");
        if (Files.isRegularFile(report)) {
            try {
                JsonNode r = json.readTree(report.toFile());
                title = text(r.get("title"));
                created = text(r.get("created"));
                images = r.hasNonNull("images") ? r.get("images").asInt() : null;
                JsonNode m = r.path("metrics");
                accuracy = m.hasNonNull("accuracy") ? m.get("accuracy").asDouble() : null;
                macroF1 = m.path("macro_avg").hasNonNull("f1") ? m.path("macro_avg").get("f1").asDouble() : null;
            } catch (IOException e) {
                // a damaged report still lists the run, without figures
            }
        }
        return new RunInfo(task, runDir.getFileName().toString(), title, created, images, accuracy, macroF1, files);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> ModelSource.validName(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
