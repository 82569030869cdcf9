package dev.citra.sweep;

import dev.citra.CitraException;
import dev.citra.train.ConfigIO;
import dev.citra.train.TrainConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A sweep file checked against the base config it varies: its stages of parameters (one stage for
 * grid and random search), the trials of each stage, and each trial's config and folder name. Every
 * value is bound as the config reader binds it before any training starts, so a bad key, type or
 * range fails at once with the reader's message.
 */
public final class SweepPlan {
    /** The metrics a run reports that a sweep can rank by. */
    public static final List<String> METRICS = List.of("val_accuracy", "val_loss", "test_accuracy", "test_macro_f1",
            "test_top_k_accuracy", "val_macro_f1", "val_top_k_accuracy", "accuracy", "loss");
    private static final int MAX_NAME = 120;

    private final TrainConfig base;
    private final SweepSpec spec;
    private final String where;
    private final String text;
    private final List<List<SweepParam>> stages;

    private SweepPlan(TrainConfig base, SweepSpec spec, String where, String text, List<List<SweepParam>> stages) {
        this.base = base;
        this.spec = spec;
        this.where = where;
        this.text = text;
        this.stages = stages;
    }

    /**
     * Checks {@code spec} against {@code base}.
     *
     * @param where names the sweep's source in errors ({@code sweep.yaml}, {@code the command line})
     * @param text the sweep file's text, for line numbers in errors ("" for flags)
     * @throws CitraException naming the key and the fix
     */
    public static SweepPlan of(TrainConfig base, SweepSpec spec, String where, String text) {
        if (!METRICS.contains(spec.metric())) {
            throw new CitraException("Unknown metric '" + spec.metric() + "' in " + where + ": use one of " + METRICS
                    + ".");
        }
        boolean staged = spec.method() == SweepMethod.STAGED;
        if (staged && (spec.stages() == null || spec.stages().isEmpty())) {
            throw new CitraException("Method staged in " + where + " needs stages: a list with one mapping of keys to"
                    + " values per stage (- batch: [16, 32]).");
        }
        if (staged && spec.params() != null) {
            throw new CitraException("Method staged in " + where + " takes stages, not params: move each key into a"
                    + " stage.");
        }
        if (!staged && spec.stages() != null) {
            throw new CitraException("Stages in " + where + " belong to method staged: add method: staged, or list the"
                    + " keys under params.");
        }
        if (!staged && (spec.params() == null || spec.params().isEmpty())) {
            throw new CitraException("No params in " + where + ": list at least one key with its values (params: {batch:"
                    + " [16, 32]}).");
        }
        if (spec.method() == SweepMethod.RANDOM && (spec.trials() == null || spec.trials() < 1)) {
            throw new CitraException("Method random in " + where + " needs trials: N, how many combinations to draw"
                    + " (1 or more).");
        }
        if (spec.method() != SweepMethod.RANDOM && spec.trials() != null) {
            throw new CitraException("trials in " + where + " belongs to method random: add method: random, or drop"
                    + " trials.");
        }
        SweepPlan unchecked = new SweepPlan(base, spec, where, text, List.of());
        List<List<SweepParam>> stages = new ArrayList<>();
        for (Map<String, Object> stage : staged ? spec.stages() : List.of(spec.params())) {
            if (stage == null || stage.isEmpty()) {
                throw new CitraException("A stage in " + where + " has no keys: give each stage at least one key with"
                        + " its values.");
            }
            List<SweepParam> params = new ArrayList<>();
            for (Map.Entry<String, Object> e : stage.entrySet()) {
                params.add(unchecked.param(e.getKey(), e.getValue()));
            }
            stages.add(List.copyOf(params));
        }
        return new SweepPlan(base, spec, where, text, List.copyOf(stages));
    }

    /** A key and its values from the file, each value bound and checked as a config would be. */
    private SweepParam param(String key, Object value) {
        String at = " in " + where + (ConfigIO.lineOf(text, key) > 0 ? " (line " + ConfigIO.lineOf(text, key) + ")" : "");
        if (value instanceof Map<?, ?> range) {
            if (spec.method() != SweepMethod.RANDOM) {
                throw new CitraException("Key '" + key + "'" + at + " is a range {min, max}: ranges are for method"
                        + " random; list the values to try instead.");
            }
            SweepParam.Range r = range(key, at, range);
            config(Map.of(key, r.draw(new Random(0))));
            return new SweepParam(key, List.of(), r);
        }
        List<?> values = value instanceof List<?> l ? l : java.util.Collections.singletonList(value);
        if (values.isEmpty()) {
            throw new CitraException("Key '" + key + "'" + at + " has an empty list: give it at least one value.");
        }
        if (new LinkedHashSet<>(values).size() != values.size()) {
            throw new CitraException("Key '" + key + "'" + at + " lists a value twice (" + values + "): give each once.");
        }
        for (Object v : values) {
            if (v == null) {
                throw new CitraException("Key '" + key + "'" + at + " has an empty value: give a value of the option's"
                        + " type.");
            }
            config(Map.of(key, v));
        }
        return new SweepParam(key, new ArrayList<>(values), null);
    }

    private static SweepParam.Range range(String key, String at, Map<?, ?> range) {
        Set<Object> allowed = Set.of("min", "max", "log");
        for (Object k : range.keySet()) {
            if (!allowed.contains(k)) {
                throw new CitraException("Key '" + key + "'" + at + " has '" + k + "' in its range: a range takes min,"
                        + " max and log.");
            }
        }
        if (!(range.get("min") instanceof Number min) || !(range.get("max") instanceof Number max)
                || !(min.doubleValue() < max.doubleValue())) {
            throw new CitraException("Key '" + key + "'" + at + " needs a range with numbers min < max ({min: 0.0001,"
                    + " max: 0.1, log: true}).");
        }
        boolean log = Boolean.TRUE.equals(range.get("log"));
        if (log && min.doubleValue() <= 0) {
            throw new CitraException("Key '" + key + "'" + at + " is drawn on a log scale: its min must be above 0.");
        }
        boolean whole = min instanceof Integer && max instanceof Integer;
        return new SweepParam.Range(min.doubleValue(), max.doubleValue(), log, whole);
    }

    public SweepSpec spec() {
        return spec;
    }

    public TrainConfig base() {
        return base;
    }

    /** The stages, each a list of swept keys (grid and random: one stage). */
    public List<List<SweepParam>> stages() {
        return stages;
    }

    /**
     * The overrides of stage {@code stage}'s trials (0-based), each with {@code fixed} (the best of
     * the stages before) under them: every combination, or for random search the seeded draws.
     */
    public List<Map<String, Object>> trials(int stage, Map<String, Object> fixed) {
        List<SweepParam> params = stages.get(stage);
        List<Map<String, Object>> combos = spec.method() == SweepMethod.RANDOM ? draws(params) : grid(params);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> combo : combos) {
            Map<String, Object> m = new LinkedHashMap<>(fixed);
            m.putAll(combo);
            out.add(m);
        }
        return out;
    }

    private static List<Map<String, Object>> grid(List<SweepParam> params) {
        List<Map<String, Object>> combos = List.of(new LinkedHashMap<>());
        for (SweepParam p : params) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> c : combos) {
                for (Object v : p.values()) {
                    Map<String, Object> m = new LinkedHashMap<>(c);
                    m.put(p.key(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        return combos;
    }

    /** {@code trials} distinct draws; fewer when the lists hold fewer combinations. */
    private List<Map<String, Object>> draws(List<SweepParam> params) {
        Random random = new Random(spec.seed());
        Set<Map<String, Object>> seen = new LinkedHashSet<>();
        int attempts = 0;
        while (seen.size() < spec.trials() && attempts++ < spec.trials() * 100) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (SweepParam p : params) {
                m.put(p.key(), p.draw(random));
            }
            seen.add(m);
        }
        return new ArrayList<>(seen);
    }

    /** The config of a trial: the base with {@code overrides}, checked. */
    public TrainConfig config(Map<String, Object> overrides) {
        return ConfigIO.merge(base, overrides, TrainConfig.class, where, text).validate();
    }

    /**
     * The overrides that change the base config, in their order: a trial that sets a key to the
     * base's own value is the same run as one that leaves it out (staged search meets such trials
     * again in later stages).
     */
    public Map<String, Object> effective(Map<String, Object> overrides) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            if (!config(Map.of(e.getKey(), e.getValue())).equals(base)) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The folder name of a trial: its overrides as key-value pairs ({@code batch-32_lr-0.001}). */
    public static String trialName(Map<String, Object> overrides) {
        if (overrides.isEmpty()) {
            return "base";
        }
        StringBuilder name = new StringBuilder();
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            if (!name.isEmpty()) {
                name.append('_');
            }
            name.append(e.getKey()).append('-').append(valueText(e.getValue()));
        }
        String clean = name.toString().replaceAll("[^A-Za-z0-9._-]", "-");
        if (clean.length() > MAX_NAME) {
            // Long lists of values: keep the start readable and the whole unique.
            clean = clean.substring(0, MAX_NAME - 9) + "-" + String.format(Locale.ROOT, "%08x", clean.hashCode());
        }
        return clean;
    }

    /** A value as the results table and the folder names show it. */
    public static String valueText(Object v) {
        if (v instanceof List<?> l) {
            return String.join("x", l.stream().map(SweepPlan::valueText).toList());
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e6) {
            return String.valueOf(d);
        }
        return String.valueOf(v);
    }
}
