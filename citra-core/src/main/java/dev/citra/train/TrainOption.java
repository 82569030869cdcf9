package dev.citra.train;

import java.util.List;

/**
 * One training option, declared once: its config key, its command-line flag, its type, its
 * default and its help. {@link TrainOptions} lists them all; the YAML defaults, {@code citra train
 * --help} and the README table are made from that list.
 *
 * @param key the config key, nested with '.' ({@code early_stopping.patience})
 * @param flag the command-line flag, or null for a YAML-only key
 * @param type the value's type: String, Integer, Long, Double, Boolean, an enum (a closed choice), a record
 *     bound from a YAML mapping, or List (of {@code element})
 * @param element the element type of a List, else null
 * @param defaultValue the default, or null when the option is off or decided elsewhere (see {@code help})
 * @param label what the flag's value is called in the help ({@code N}, {@code PATH})
 * @param help one line, what it does and its choices; the default is added from {@code defaultValue}
 * @param min the smallest accepted number, or null
 * @param max the largest accepted number, or null
 * @param <T> the value's type
 */
public record TrainOption<T>(String key, String flag, Class<T> type, Class<?> element, T defaultValue, String label,
        String help, Double min, Double max) {

    /** {@code value}, or the default when it is null. */
    public T or(T value) {
        return value == null ? defaultValue : value;
    }

    /** The same option with an accepted range. */
    public TrainOption<T> range(double low, double high) {
        return new TrainOption<>(key, flag, type, element, defaultValue, label, help, low, high);
    }

    /** The same option with a flag of its own (for keys whose flag is not the key with '-' for '_'). */
    public TrainOption<T> flag(String newFlag) {
        return new TrainOption<>(key, newFlag, type, element, defaultValue, label, help, min, max);
    }

    /** The same option without a flag: set in YAML only. */
    public TrainOption<T> yamlOnly() {
        return flag(null);
    }

    /** The default as the help and the README show it. */
    public String defaultText() {
        if (defaultValue == null) {
            return "";
        }
        if (defaultValue instanceof List<?> l && l.isEmpty()) {
            return "[]";
        }
        if (defaultValue instanceof Enum<?> e) {
            return dev.citra.util.Choice.idOf(e);
        }
        return String.valueOf(defaultValue);
    }

    /** The flag's help line: the help, then the default when there is one. */
    public String flagHelp() {
        if (defaultValue == null) {
            return help;
        }
        String sentence = help.endsWith(".") ? help.substring(0, help.length() - 1) : help;
        return sentence + "; default " + defaultText() + ".";
    }

    /**
     * Checks a number against the range this option declares (none: anything goes).
     *
     * @throws dev.citra.CitraException naming the flag (or key) and the range
     */
    public void check(Number value) {
        if (value == null || (min == null && max == null)) {
            return;
        }
        double v = value.doubleValue();
        if ((min != null && v < min) || (max != null && v > max) || Double.isNaN(v)) {
            String name = flag != null ? flag : key;
            boolean whole = type == Integer.class || type == Long.class;
            throw new dev.citra.CitraException(name + " must be between " + (whole ? String.valueOf(min.longValue())
                    : String.valueOf(min)) + " and " + (whole ? String.valueOf(max.longValue()) : String.valueOf(max))
                    + ", not " + value + ".");
        }
    }

    // Factories for option tables: the flag is made from the key.

    /** The flag a key gets: {@code --} and the key with '-' for '_' and '.'. */
    public static String flagOf(String key) {
        return "--" + key.replace('_', '-').replace('.', '-').toLowerCase(java.util.Locale.ROOT);
    }

    public static TrainOption<String> text(String key, String def, String label, String help) {
        return new TrainOption<>(key, flagOf(key), String.class, null, def, label, help, null, null);
    }

    public static <E extends Enum<E>> TrainOption<E> choice(String key, Class<E> type, E def, String label,
            String help) {
        return new TrainOption<>(key, flagOf(key), type, null, def, label, help, null, null);
    }

    public static TrainOption<Integer> whole(String key, Integer def, String label, String help) {
        return new TrainOption<>(key, flagOf(key), Integer.class, null, def, label, help, null, null);
    }

    public static TrainOption<Double> number(String key, Double def, String label, String help) {
        return new TrainOption<>(key, flagOf(key), Double.class, null, def, label, help, null, null);
    }

    public static TrainOption<Boolean> bool(String key, Boolean def, String help) {
        return new TrainOption<>(key, flagOf(key), Boolean.class, null, def, "BOOL", help, null, null);
    }
}
