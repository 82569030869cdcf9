package dev.citra.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.citra.CitraException;
import dev.citra.sweep.SweepJob;
import dev.citra.sweep.SweepMethod;
import dev.citra.sweep.SweepSpec;
import dev.citra.sweep.TrialResult;
import dev.citra.train.ConfigIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code citra sweep}: trains one run per trial of a grid, random or staged search over any config
 * keys and writes the ranked results table. Takes every {@code train} option for the base config.
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        modelTransformer = TrainFlags.class,
        header = "Search hyper-parameters: grid, random or staged; one run per trial; a ranked results table.",
        sortOptions = false,
        description = {
            "Trains the base config (--config and every train option) once per trial, in sequence, each a normal run"
                    + " folder under runs/sweep/<name>/classify/, and writes runs/sweep/<name>/results.csv, .md and"
                    + " .html (best first by --metric) with a plot of the metric against each swept key.",
            "The trials come from --sweep sweep.yaml (method: grid|random|staged, metric, trials, seed, params: {key:"
                    + " [values]} or stages: [{key: [values]}, ...]; see the README) or from --param/--stage flags.",
            "A killed sweep continues with --resume runs/sweep/<name>: finished trials are not run again, an"
                    + " interrupted one resumes from its last/ checkpoint."
        })
public final class SweepCommand extends TrainCommand {
    @Option(names = "--sweep", paramLabel = "YAML", description = "The sweep file: method, metric, params or stages.")
    Path sweep;

    @Option(names = "--param", paramLabel = "KEY=V1,V2", description = "A key and its values (repeatable), for grid or"
            + " random search: --param batch=16,32 --param lr=0.001,0.01.")
    List<String> params;

    @Option(names = "--stage", paramLabel = "KEY=V1,V2", description = "One stage of a staged search (repeatable, in"
            + " order): --stage batch=16,32,64 --stage epochs=30,50.")
    List<String> stages;

    @Option(names = "--method", paramLabel = "NAME", description = "grid (default), random or staged (the default with"
            + " --stage).")
    String method;

    @Option(names = "--trials", paramLabel = "N", description = "Random search: how many trials to draw.")
    Integer trials;

    @Option(names = "--sweep-seed", paramLabel = "N", description = "Random search: the seed of the draws; default 0.")
    Long sweepSeed;

    @Option(names = "--metric", paramLabel = "METRIC", description = "What ranks the trials: val_accuracy (default),"
            + " val_loss, test_accuracy, test_macro_f1, ...; a loss ranks lowest first.")
    String metric;

    @Override
    public Integer call() {
        SweepJob job;
        if (resume != null) {
            if (sweep != null || params != null || stages != null || config != null || !overrides().isEmpty()) {
                throw new CitraException("--resume continues the sweep as its folder records it: drop the other options.");
            }
            job = SweepJob.resume(resume, System.out);
        } else {
            Spec spec = spec();
            job = SweepJob.start(merged(), spec.value(), spec.where(), spec.text(), System.out);
        }
        SweepJob.Result result = job.run();
        System.out.println();
        String m = result.ranked().isEmpty() ? "" : metricOf(result);
        for (int i = 0; i < Math.min(5, result.ranked().size()); i++) {
            TrialResult t = result.ranked().get(i);
            System.out.printf(Locale.ROOT, "%d. %-40s %s %.4f%n", i + 1, t.name(), m, t.metric(m));
        }
        System.out.println("Table: " + result.dir().resolve("results.md"));
        return 0;
    }

    private static String metricOf(SweepJob.Result result) {
        return ConfigIO.read(result.dir().resolve("sweep.yaml"), SweepSpec.class).metric();
    }

    /** A sweep as given: its text (for line numbers), where it came from and its value. */
    private record Spec(SweepSpec value, String where, String text) {}

    private Spec spec() {
        if (sweep != null) {
            if (params != null || stages != null || method != null || trials != null || sweepSeed != null) {
                throw new CitraException("Give the sweep either as --sweep " + sweep + " or as --param/--stage flags,"
                        + " not both (--metric may go with either).");
            }
            String text;
            try {
                text = Files.readString(sweep);
            } catch (NoSuchFileException e) {
                throw new CitraException("Sweep file " + sweep + " does not exist: check the --sweep path.");
            } catch (IOException e) {
                throw new CitraException("Could not read sweep file " + sweep + ": " + e.getMessage());
            }
            SweepSpec parsed = ConfigIO.parse(text, sweep.toString(), SweepSpec.class);
            if (metric != null) {
                parsed = new SweepSpec(parsed.name(), parsed.method(), metric, parsed.trials(), parsed.seed(),
                        parsed.params(), parsed.stages());
            }
            return new Spec(parsed, sweep.toString(), text);
        }
        if (params == null && stages == null) {
            throw new CitraException("Nothing to sweep: pass --sweep sweep.yaml, or --param key=v1,v2 (grid or random)"
                    + " or --stage key=v1,v2 (staged).");
        }
        if (params != null && stages != null) {
            throw new CitraException("Give --param (grid or random search) or --stage (staged search), not both.");
        }
        SweepMethod how = method == null ? (stages != null ? SweepMethod.STAGED : SweepMethod.GRID)
                : ConfigIO.fromMap(Map.of("method", method), SweepSpec.class).method();
        Map<String, Object> grid = null;
        List<Map<String, Object>> staged = null;
        if (params != null) {
            grid = new LinkedHashMap<>();
            for (String p : params) {
                grid.putAll(pair("--param", p));
            }
        } else {
            staged = new ArrayList<>();
            for (String s : stages) {
                staged.add(pair("--stage", s));
            }
        }
        return new Spec(new SweepSpec(null, how, metric, trials, sweepSeed, grid, staged), "the command line", "");
    }

    /** {@code key=v1,v2} as the key and its values, each value read as YAML reads it (16 a number, true a boolean). */
    private static Map<String, Object> pair(String flag, String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new CitraException(flag + " " + text + " needs the form key=value1,value2 (e.g. batch=16,32).");
        }
        try {
            Object values = ConfigIO.yamlMapper().readValue("[" + text.substring(eq + 1) + "]", List.class);
            return Map.of(text.substring(0, eq).trim(), values);
        } catch (JsonProcessingException e) {
            throw new CitraException(flag + " " + text + ": the values are not a comma-separated list (" + e.getOriginalMessage()
                    + ").");
        }
    }
}
