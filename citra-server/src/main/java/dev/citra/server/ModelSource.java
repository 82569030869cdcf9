package dev.citra.server;

import dev.citra.CitraException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A model to serve as the user named it: {@code [NAME=]PATH}, a bundle or run folder. Without a
 * name, the folder's name is used ({@code runs/classify/skin/best} is {@code skin}).
 *
 * @param name the name in URLs
 * @param path the bundle or run folder
 */
public record ModelSource(String name, Path path) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ModelSource {
        requireName(name, path);
    }

    /** Parses {@code NAME=PATH} or {@code PATH}. */
    public static ModelSource parse(String text) {
        int eq = text.indexOf('=');
        if (eq > 0 && NAME.matcher(text.substring(0, eq)).matches()) {
            return new ModelSource(text.substring(0, eq), Path.of(text.substring(eq + 1)));
        }
        Path path = Path.of(text);
        return new ModelSource(defaultName(path), path);
    }

    /** Whether {@code name} can be a model's name (so a URL can never name a path). */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    private static String defaultName(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Path last = abs.getFileName();
        if (last != null && (last.toString().equals("best") || last.toString().equals("last")) && abs.getParent() != null
                && abs.getParent().getFileName() != null) {
            last = abs.getParent().getFileName();
        }
        return last == null ? "model" : last.toString();
    }

    private static void requireName(String name, Path path) {
        if (!validName(name)) {
            throw new CitraException("Model name '" + name + "' (for " + path + ") must be 1 to 64 letters, digits, dots,"
                    + " dashes or underscores: name it with --model NAME=" + path + ".");
        }
    }
}
