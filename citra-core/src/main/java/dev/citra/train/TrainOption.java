package dev.citra.train;

import java.util.List;

/**
 * One training option, declared once: its config key, its command-line flag, its type, its
 * default and its help. {@link TrainOptions} lists them all; the YAML defaults, {@code citra train
 * --help} and the README table are made from that list.
 *
 * @param key the config key, nested with '.' ({@code early_stopping.patience})
 * @param flag the command-line flag, or null for a YAML-only key
 * @param type the value's type: String, Integer, Long, Double, Boolean or List (of {@code element})
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
            return e.name().toLowerCase(java.util.Locale.ROOT);
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
}
