package dev.citra.data;

import dev.citra.CitraException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The data set layouts citra reads, by the names {@code --format} takes. */
public enum DataFormat {
    /** Detect the layout from the files (the default). */
    AUTO("auto", "any supported layout"),
    FOLDER("folder", "a folder or .zip with one sub-folder per class (or train|val|test/<class>/)"),
    FER2013_CSV("fer2013-csv", "a FER-2013 CSV file (emotion,pixels,Usage)"),
    MRL_EYE("mrl-eye", "images with MRL Eye file names such as s0001_00001_0_0_0_0_0_01.png"),
    CELEBA_EYES("celeba-eyes", "CelebA's img_align_celeba/ with list_landmarks_align_celeba.txt and list_attr_celeba.txt"),
    FLICKR8K("flickr8k", "Flickr8k images with Flickr8k.token.txt or a captions.txt (image,caption) file");

    private final String id;
    private final String description;

    DataFormat(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name {@code --format} and the {@code format:} key take. */
    public String id() {
        return id;
    }

    /** Whether {@code --label} picks what images are labelled by: MRL Eye name fields, CelebA attributes. */
    public boolean labelledByChoice() {
        return this == MRL_EYE || this == CELEBA_EYES;
    }

    /** Whether images are cut into eye crops ({@code --eye}, {@code --eye-margin}): CelebA photos only. */
    public boolean cutIntoEyeCrops() {
        return this == CELEBA_EYES;
    }

    /** What the layout looks like, for messages ("expected ..."). */
    public String description() {
        return description;
    }

    /**
     * The format a source's layout name belongs to: {@code image-folder-zip-split} is
     * {@link #FOLDER}, {@code mrl-eye-zip} {@link #MRL_EYE}, {@code flickr8k-kaggle} {@link #FLICKR8K}
     * (see {@link LoadedData#format()}); {@link #AUTO} for a name no format claims.
     */
    public static DataFormat ofLayout(String layout) {
        String id = layout.startsWith("image-folder") ? FOLDER.id + layout.substring("image-folder".length()) : layout;
        for (DataFormat f : values()) {
            if (f != AUTO && (id.equals(f.id) || id.startsWith(f.id + "-"))) {
                return f;
            }
        }
        return AUTO;
    }

    /**
     * What a layout name says beyond its format, in words: {@code mrl-eye-zip-split} gives
     * "a .zip, with its own train/val/test split"; empty when nothing.
     */
    public static String layoutDetail(String layout) {
        List<String> parts = new ArrayList<>();
        for (String word : layout.split("-")) {
            switch (word) {
                case "zip" -> parts.add("a .zip");
                case "split" -> parts.add("with its own train/val/test split");
                case "kaggle" -> parts.add("Kaggle's captions.txt");
                default -> { }
            }
        }
        return String.join(", ", parts);
    }

    /**
     * The format named {@code id} (case ignored); {@link #AUTO} for null.
     *
     * @throws CitraException listing the valid names when there is no such format
     */
    public static DataFormat parse(String id) {
        if (id == null) {
            return AUTO;
        }
        for (DataFormat f : values()) {
            if (f.id.equalsIgnoreCase(id.strip())) {
                return f;
            }
        }
        throw new CitraException("Unknown --format '" + id + "': use one of "
                + Arrays.stream(values()).map(DataFormat::id).collect(Collectors.joining(", ")) + ".");
    }
}
