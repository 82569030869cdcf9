package dev.citra.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A sweep file as written ({@code sweep.yaml}): which config keys to vary and how.
 *
 * <pre>
 * method: grid            # grid, random or staged
 * metric: val_accuracy    # what ranks the trials; *loss ranks low first
 * params:                 # grid and random: key -> list of values (random also {min, max, log})
 *   batch: [16, 32]
 *   lr: [0.001, 0.01]
 * stages:                 # staged: one mapping of key -> values per stage
 *   - batch: [16, 32, 64, 128, 256]
 *   - epochs: [30, 50, 70]
 * </pre>
 *
 * @param name the sweep's folder under {@code <out>/sweep/} (default: the config's name, or exp)
 * @param method grid (default), random or staged
 * @param metric the ranking metric; default val_accuracy
 * @param trials random search: how many trials
 * @param seed random search: the seed of the draws (default 0)
 * @param params grid and random: the keys and their values
 * @param stages staged: each stage's keys and values
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepSpec(String name, SweepMethod method, String metric, Integer trials, Long seed,
        Map<String, Object> params, List<Map<String, Object>> stages) {
    /** The metric trials are ranked by unless the file says otherwise. */
    public static final String DEFAULT_METRIC = "val_accuracy";

    public SweepSpec {
        method = method == null ? SweepMethod.GRID : method;
        metric = metric == null ? DEFAULT_METRIC : metric;
        seed = seed == null ? 0L : seed;
    }

    /** Whether a lower value of {@code metric} is better (a loss). */
    public boolean lowerIsBetter() {
        return metric.endsWith("loss");
    }
}
