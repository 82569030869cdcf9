package dev.citra.util;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A closed choice of a config option or flag (an enum constant) and the word users type for it.
 * Enums that do not implement it are typed as their lower-case names.
 */
public interface Choice {
    /** The lower-case word configs and flags use. */
    String id();

    /** Whether {@code text} (already trimmed) names this choice; an enum may accept older spellings too. */
    default boolean matches(String text) {
        return id().equalsIgnoreCase(text);
    }

    /** The word for {@code constant}: its {@link #id()}, or its lower-case name. */
    static String idOf(Enum<?> constant) {
        return constant instanceof Choice c ? c.id() : constant.name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} that {@code text} names (its word or its Java name), or null. */
    static <E extends Enum<E>> E find(Class<E> type, String text) {
        String t = text.trim();
        for (E constant : type.getEnumConstants()) {
            boolean named = constant instanceof Choice c ? c.matches(t) : idOf(constant).equalsIgnoreCase(t);
            if (named || constant.name().equalsIgnoreCase(t)) {
                return constant;
            }
        }
        return null;
    }

    /** The words of every constant of {@code type}, for messages: {@code "adam, adamw, sgd"}. */
    static String idsOf(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choice::idOf).collect(Collectors.joining(", "));
    }
}
