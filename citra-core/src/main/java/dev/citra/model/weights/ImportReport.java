package dev.citra.model.weights;

import java.util.List;

/**
 * What a weight import did.
 *
 * @param source the weights' source (a file name)
 * @param layersLoaded how many network layers got their weights from the file
 * @param valuesLoaded how many numbers were written into the network
 * @param problems missing, unexpected or mis-shaped weights, one line each, by name (empty after
 *     a strict import, which fails instead)
 * @param skipped parts deliberately left as initialised, e.g. the classifier head of a
 *     {@code _notop} file or of a network with another number of classes
 * @param byLayerOrder true when the file's layers were matched to the network's by their order,
 *     as Keras loads a file whose layer names are not the model's, rather than by name
 * @param notes what the user should know about weights that did load, e.g. where the network
 *     still computes something other than the model the weights come from
 */
public record ImportReport(String source, int layersLoaded, long valuesLoaded, List<String> problems, List<String> skipped,
        boolean byLayerOrder, List<String> notes) {
    public ImportReport {
        problems = List.copyOf(problems);
        skipped = List.copyOf(skipped);
        notes = List.copyOf(notes);
    }

    /** A report of an import by name, without notes. */
    public ImportReport(String source, int layersLoaded, long valuesLoaded, List<String> problems, List<String> skipped) {
        this(source, layersLoaded, valuesLoaded, problems, skipped, false, List.of());
    }

    /** A report without notes. */
    public ImportReport(String source, int layersLoaded, long valuesLoaded, List<String> problems, List<String> skipped,
            boolean byLayerOrder) {
        this(source, layersLoaded, valuesLoaded, problems, skipped, byLayerOrder, List.of());
    }

    /** A report of an import by name, with notes. */
    public ImportReport(String source, int layersLoaded, long valuesLoaded, List<String> problems, List<String> skipped,
            List<String> notes) {
        this(source, layersLoaded, valuesLoaded, problems, skipped, false, notes);
    }

    /** True when the console should see {@link #summary()}: something was skipped, missing or noted. */
    public boolean worthShowing() {
        return !problems.isEmpty() || !skipped.isEmpty() || !notes.isEmpty();
    }

    /** True when every weight of the network and of the file was matched (head skips aside). */
    public boolean complete() {
        return problems.isEmpty();
    }

    /** A few lines for a log or the console. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("Loaded ").append(layersLoaded).append(" layers (").append(valuesLoaded).append(" values) from ")
                .append(source)
                .append(byLayerOrder ? ", matched by layer order (the file's layer names are not the network's)." : ".");
        for (String s : skipped) {
            sb.append("\n  skipped: ").append(s);
        }
        for (String p : problems) {
            sb.append("\n  not loaded: ").append(p);
        }
        for (String n : notes) {
            sb.append("\n  note: ").append(n);
        }
        return sb.toString();
    }
}
