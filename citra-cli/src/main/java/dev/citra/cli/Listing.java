package dev.citra.cli;

import java.util.List;

/** Flag names in a sentence of an error message. */
final class Listing {
    private Listing() {}

    /** "a", "a and b", "a, b and c". */
    static String of(List<String> names) {
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
