package dev.citra.data;

import dev.citra.CitraException;

/**
 * Which eye a CelebA eye crop shows. {@code LEFT} and {@code RIGHT} are CelebA's {@code lefteye}
 * and {@code righteye} landmarks, i.e. the eyes on the left and right of the image; {@code BOTH}
 * is one box spanning the two.
 */
public enum EyeRegion {
    LEFT, RIGHT, BOTH;

    /** The name {@code --eye} takes: {@code left}, {@code right} or {@code both}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The region named {@code id} (case ignored).
     *
     * @throws CitraException when it is not left, right or both
     */
    public static EyeRegion parse(String id) {
        for (EyeRegion e : values()) {
            if (e.id().equalsIgnoreCase(id.strip())) {
                return e;
            }
        }
        throw new CitraException("Unknown --eye '" + id + "': use left, right or both (a box spanning both eyes).");
    }
}
