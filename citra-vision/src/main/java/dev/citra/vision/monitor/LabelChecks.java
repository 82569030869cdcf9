package dev.citra.vision.monitor;

import dev.citra.CitraException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Whether a classifier's classes fit a monitor: an eye-state model needs a "closed" class. */
public final class LabelChecks {
    private static final Set<String> CLOSED = Set.of("closed", "close", "closedeyes", "closedeye", "eyesclosed",
            "eyeclosed", "eyeclose", "shut");
    private static final Set<String> EXPRESSIONS = Set.of("angry", "anger", "disgust", "disgusted", "fear", "fearful",
            "happy", "happiness", "sad", "sadness", "surprise", "surprised", "neutral", "contempt");

    private LabelChecks() {}

    /**
     * The index of the class meaning closed eyes: {@code closedLabel} when given, else a class
     * named like closed, close or Closed_Eyes, else "0" beside "1" (MRL Eye's numbering).
     */
    public static int closedIndex(String model, List<String> labels, String closedLabel) {
        if (closedLabel != null) {
            for (int i = 0; i < labels.size(); i++) {
                if (labels.get(i).equalsIgnoreCase(closedLabel)) {
                    return i;
                }
            }
            throw new CitraException("--closed-label " + closedLabel + " is not a class of model " + model + " (classes: "
                    + String.join(", ", labels) + "): name one of them.");
        }
        for (int i = 0; i < labels.size(); i++) {
            if (CLOSED.contains(key(labels.get(i)))) {
                return i;
            }
        }
        if (labels.size() == 2 && labels.contains("0") && labels.contains("1")) {
            return labels.indexOf("0");
        }
        throw new CitraException("Model " + model + " has no class meaning closed eyes (classes: " + String.join(", ", labels)
                + "): pass an eye-state model (classes such as Closed/Open), or name its closed class with --closed-label.");
    }

    /**
     * Refuses an eye-state model for expressions; returns a warning (or null) when none of the
     * classes is a known expression name, since a user's own classes are allowed.
     */
    public static String checkExpressions(String model, List<String> labels) {
        if (labels.size() <= 3 && labels.stream().anyMatch(l -> CLOSED.contains(key(l)))) {
            throw new CitraException("Model " + model + " classifies eye states (" + String.join(", ", labels)
                    + "), not expressions: use it with 'citra watch drowsiness', or pass an expression model (FER-2013 classes).");
        }
        if (labels.stream().noneMatch(l -> EXPRESSIONS.contains(key(l)))) {
            return "Model " + model + " has no usual expression class (" + String.join(", ", labels)
                    + "); its labels are shown as they are.";
        }
        return null;
    }

    private static String key(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
