package dev.citra.data;

import dev.citra.CitraException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MRL Eye data set file names ({@code s0001_00001_0_0_0_0_0_01.png}): subject, image id, gender,
 * glasses, eye state, reflections, lighting and sensor, and relabelling a data set by one of them.
 *
 * <p>Fields and their class names (label = index): {@code eye_state} closed/open, {@code gender}
 * male/female, {@code glasses} no/yes, {@code reflections} none/small/big, {@code lighting}
 * bad/good, and {@code sensor} the sensor codes seen, as given ({@code 01}, {@code 02}, {@code 03}),
 * sorted.
 */
public final class MrlEyeNames {
    /** The pattern, as shown in error messages. */
    public static final String EXPECTED = "s<subject>_<image id>_<gender 0|1>_<glasses 0|1>_<eye state 0|1>_"
            + "<reflections 0|1|2>_<lighting 0|1>_<sensor NN>.<ext>, e.g. s0001_00001_0_0_0_0_0_01.png";

    /** The fields a data set can be relabelled by; {@code eye_state} is the default. */
    public static final List<String> FIELDS = List.of("eye_state", "gender", "glasses", "reflections", "lighting", "sensor");

    public static final String DEFAULT_FIELD = "eye_state";

    private static final Pattern NAME = Pattern.compile(
            "s(\\d+)_(\\d+)_([01])_([01])_([01])_([012])_([01])_(\\d{2})\\.[A-Za-z]+");

    private static final Map<String, List<String>> FIXED_CLASSES = Map.of(
            "eye_state", List.of("closed", "open"),
            "gender", List.of("male", "female"),
            "glasses", List.of("no", "yes"),
            "reflections", List.of("none", "small", "big"),
            "lighting", List.of("bad", "good"));

    /** One parsed file name; the coded fields keep their numeric codes. */
    public record Name(String subject, String imageId, int gender, int glasses, int eyeState, int reflections,
            int lighting, String sensor) {
        /** The class name of {@code field} ({@code open}, {@code female}, {@code 02}...). */
        public String value(String field) {
            return switch (checkField(field)) {
                case "eye_state" -> FIXED_CLASSES.get(field).get(eyeState);
                case "gender" -> FIXED_CLASSES.get(field).get(gender);
                case "glasses" -> FIXED_CLASSES.get(field).get(glasses);
                case "reflections" -> FIXED_CLASSES.get(field).get(reflections);
                case "lighting" -> FIXED_CLASSES.get(field).get(lighting);
                default -> sensor;
            };
        }
    }

    private MrlEyeNames() {}

    /** Parses the file name (the part after the last '/'), or empty when it is no MRL Eye name. */
    public static Optional<Name> tryParse(String id) {
        String file = id.substring(id.lastIndexOf('/') + 1);
        Matcher m = NAME.matcher(file);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Name(m.group(1), m.group(2), digit(m, 3), digit(m, 4), digit(m, 5), digit(m, 6),
                digit(m, 7), m.group(8)));
    }

    /** Parses the file name (the part after the last '/') of {@code id}. */
    public static Name parse(String id) {
        return tryParse(id).orElseThrow(() -> new CitraException(notMrl(id, 0)));
    }

    private static int digit(Matcher m, int group) {
        return m.group(group).charAt(0) - '0';
    }

    private static String checkField(String field) {
        if (!FIELDS.contains(field)) {
            throw new CitraException("Unknown MRL Eye field '" + field + "': use one of " + FIELDS + ".");
        }
        return field;
    }

    private static String notMrl(String id, int more) {
        return "File '" + id + "' is not an MRL Eye file name" + (more > 0 ? " (nor are " + more + " other files)" : "")
                + ": expected " + EXPECTED + ".";
    }

    /** The class names {@code field} gives {@code ds}: fixed for the coded fields, the sensors seen for {@code sensor}. */
    public static List<String> classes(ImageDataset ds, String field) {
        checkField(field);
        if (FIXED_CLASSES.containsKey(field)) {
            return FIXED_CLASSES.get(field);
        }
        TreeSet<String> seen = new TreeSet<>();
        for (Sample s : ds.samples()) {
            seen.add(parse(s.id()).sensor());
        }
        return List.copyOf(seen);
    }

    /**
     * The same samples labelled by {@code field} of their file names (skipped files kept).
     *
     * @throws CitraException naming the first file whose name does not parse (and how many more), or an unknown field
     */
    public static ImageDataset relabel(ImageDataset ds, String field) {
        checkField(field);
        return relabel(ds, field, classes(checkAll(ds), field));
    }

    /**
     * {@link #relabel(ImageDataset, String)} for a loaded data set: the whole set and each predefined
     * part get the same class list, so the parts stay consistent with each other.
     */
    public static LoadedData relabel(LoadedData loaded, String field) {
        checkField(field);
        List<String> classes = classes(checkAll(loaded.dataset()), field);
        return new LoadedData(loaded.format(), relabel(loaded.dataset(), field, classes),
                loaded.predefined().map(p -> new DatasetSplit(relabel(p.train(), field, classes),
                        relabel(p.val(), field, classes), relabel(p.test(), field, classes))),
                "the MRL Eye file names: field " + field);
    }

    private static ImageDataset checkAll(ImageDataset ds) {
        String first = null;
        int bad = 0;
        for (Sample s : ds.samples()) {
            if (tryParse(s.id()).isEmpty()) {
                if (first == null) {
                    first = s.id();
                }
                bad++;
            }
        }
        if (first != null) {
            throw new CitraException(notMrl(first, bad - 1));
        }
        return ds;
    }

    private static ImageDataset relabel(ImageDataset ds, String field, List<String> classes) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        List<Sample> samples = new ArrayList<>(ds.size());
        for (Sample s : ds.samples()) {
            samples.add(new Sample(s.id(), index.get(parse(s.id()).value(field)), s.source()));
        }
        return new ImageDataset(classes, samples, ds.skipped());
    }
}
