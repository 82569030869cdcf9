package dev.citra.data;

import dev.citra.CitraException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The image-folder data set (as Keras {@code image_dataset_from_directory} reads it): a folder,
 * or a {@code .zip} of one, holding one sub-folder per class with the images of that class
 * ({@code .jpg .jpeg .png .bmp .gif}, in any letter case, also in nested folders).
 *
 * <p>Classes are sorted by name and samples by id; the id is the path relative to the data set
 * root with '/' separators ({@code cat/001.png}). Hidden files, {@code __MACOSX/} and
 * {@code Thumbs.db}/{@code desktop.ini} are ignored; other non-image files are listed as skipped.
 * A zip may wrap everything in one top folder ({@code dataset/cat/...}). A top level of only
 * {@code train}, {@code val}/{@code valid}/{@code validation} and {@code test} folders is a
 * predefined split (see {@link #load}).
 *
 * <p>A zip is read in place (see {@link DataFiles}): its samples read their entries from the one
 * open archive, from many threads if need be.
 */
public final class ImageFolderSource {
    /** Extensions (lower case) of the image files that become samples. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    private static final String LAYOUT = "one sub-folder per class";

    private ImageFolderSource() {}

    /**
     * Lists the data set at {@code path}: a folder or a {@code .zip} with one sub-folder per class.
     *
     * @throws CitraException when the path is missing, not a folder or readable zip, has fewer
     *     than two classes, or has a class folder without images
     */
    public static ImageDataset open(Path path) {
        return load(path).dataset();
    }

    /**
     * Lists the data set at {@code path} like {@link #open}, and also recognises a predefined
     * split: a top level of only {@code train}, {@code val}/{@code valid}/{@code validation} and
     * {@code test} folders, each with one sub-folder per class (in a zip also inside one wrapping
     * folder). Then the data set holds all parts (ids {@code train/cat/1.jpg}), its classes are
     * the union of the parts' class folders, sorted, and {@link LoadedData#predefined()} has the
     * parts with the same class list; a part the layout lacks is empty.
     */
    public static LoadedData load(Path path) {
        if (!Files.exists(path)) {
            throw new CitraException("Data path " + path + " does not exist: pass a folder or .zip with " + LAYOUT + ".");
        }
        return load(DataFiles.open(path));
    }

    /** {@link #load(Path)} of files already listed. */
    public static LoadedData load(DataFiles files) {
        return load(files, isSplitLayout(files));
    }

    /**
     * Whether the top level (inside a zip's one wrapping folder) holds only {@code train},
     * {@code val}/{@code valid}/{@code validation} and {@code test} folders.
     */
    public static boolean isSplitLayout(DataFiles files) {
        return isSplitLayout(topFolders(files, wrapper(files)));
    }

    /** Files already listed, as a split layout ({@code train/<class>/...}) or one sub-folder per class. */
    static LoadedData load(DataFiles files, boolean split) {
        Listing listing = list(files, split);
        ImageDataset ds = listing.toDataset(files.path());
        String format = files.zip() ? "image-folder-zip" : "image-folder";
        if (!listing.split) {
            return new LoadedData(format, ds, Optional.empty());
        }
        return new LoadedData(format + "-split", ds, Optional.of(byPart(ds)));
    }

    /**
     * The parts of a data set whose ids start with a split folder ({@code train/...}), over its
     * class list; ids under no split folder are in no part.
     */
    static DatasetSplit byPart(ImageDataset ds) {
        List<Sample> train = new ArrayList<>();
        List<Sample> val = new ArrayList<>();
        List<Sample> test = new ArrayList<>();
        for (Sample s : ds.samples()) {
            String part = splitPart(s.id().substring(0, Math.max(0, s.id().indexOf('/'))));
            if (part != null) {
                (part.equals("train") ? train : part.equals("val") ? val : test).add(s);
            }
        }
        return new DatasetSplit(part(ds, train), part(ds, val), part(ds, test));
    }

    private static ImageDataset part(ImageDataset ds, List<Sample> samples) {
        samples.sort(Comparator.comparing(Sample::id));
        return ds.withSamples(samples);
    }

    /** {@code train}, {@code val} or {@code test} for a split folder name, or null for any other name. */
    public static String splitPart(String folder) {
        return switch (folder.toLowerCase(Locale.ROOT)) {
            case "train" -> "train";
            case "val", "valid", "validation" -> "val";
            case "test" -> "test";
            default -> null;
        };
    }

    /** Whether these top-level folder names are all split names (and there is at least one). */
    private static boolean isSplitLayout(Iterable<String> topFolders) {
        boolean any = false;
        for (String name : topFolders) {
            if (splitPart(name) == null) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** Files found under the root, grouped by class folder. */
    private static final class Listing {
        final boolean zip;
        /** Whether the top level holds split folders ({@code train/<class>/...}) rather than classes. */
        final boolean split;
        // Sorted maps and sets: class order and sample order come out right without a later sort.
        final Map<String, List<Sample>> images = new TreeMap<>();
        final List<SkippedFile> skipped = new ArrayList<>();
        final Set<String> classFolders = new TreeSet<>();

        Listing(boolean zip, boolean split) {
            this.zip = zip;
            this.split = split;
        }

        /**
         * Adds a file at {@code id} (relative to the root, '/'-separated, at least class/name, or
         * part/class/name in a split layout).
         */
        void add(String id, ByteSource source) {
            int start = split ? id.indexOf('/') + 1 : 0;
            int end = id.indexOf('/', start);
            if (end <= start) {
                // A file beside the class folders of a split part (a README): not part of any class.
                return;
            }
            String className = id.substring(start, end);
            classFolders.add(className);
            String extension = DataFiles.extension(id);
            if (IMAGE_EXTENSIONS.contains(extension)) {
                images.computeIfAbsent(className, c -> new ArrayList<>()).add(new Sample(id, -1, source));
            } else {
                skipped.add(new SkippedFile(id, extension.isEmpty() ? "not an image file (no extension)"
                        : "not an image file (extension ." + extension + ")"));
            }
        }

        ImageDataset toDataset(Path path) {
            String kind = zip ? "Zip file " : "Data folder ";
            if (classFolders.isEmpty()) {
                throw new CitraException(kind + path + " has no class sub-folders: put the images of each class in their "
                        + "own sub-folder (" + path.getFileName() + "/<class>/*.jpg).");
            }
            for (String c : classFolders) {
                if (!images.containsKey(c)) {
                    throw new CitraException("Class folder '" + c + "' in " + path + " has no image files (.jpg, .jpeg, "
                            + ".png, .bmp, .gif): add images to it or remove it.");
                }
            }
            if (classFolders.size() < 2) {
                String only = classFolders.iterator().next();
                if (!zip && hasSubFolders(path.resolve(only))) {
                    throw new CitraException(kind + path + " has only one class folder ('" + only + "') and it holds "
                            + "sub-folders: if those are the classes, pass " + path.resolve(only) + " instead.");
                }
                throw new CitraException(kind + path + " has only one class folder ('" + only
                        + "'), but a classifier needs at least two classes: add a sub-folder per class.");
            }
            List<String> classes = new ArrayList<>(classFolders);
            List<Sample> samples = new ArrayList<>();
            for (int label = 0; label < classes.size(); label++) {
                for (Sample s : images.get(classes.get(label))) {
                    samples.add(new Sample(s.id(), label, s.source()));
                }
            }
            samples.sort(Comparator.comparing(Sample::id));
            skipped.sort(Comparator.comparing(SkippedFile::id));
            return new ImageDataset(classes, samples, skipped);
        }
    }

    private static boolean hasSubFolders(Path dir) {
        try (var children = Files.list(dir)) {
            return children.anyMatch(p -> Files.isDirectory(p) && !DataFiles.ignored(p.getFileName().toString()));
        } catch (IOException e) {
            return false;
        }
    }

    private static String wrapper(DataFiles files) {
        return files.zip() ? wrappingFolder(files.files().keySet()) : "";
    }

    private static Set<String> topFolders(DataFiles files, String prefix) {
        Set<String> tops = new TreeSet<>();
        for (String folder : files.folders()) {
            if (folder.startsWith(prefix) && folder.length() > prefix.length()) {
                tops.add(folder.substring(prefix.length()).split("/")[0]);
            }
        }
        return tops;
    }

    private static Listing list(DataFiles files, boolean split) {
        String prefix = wrapper(files);
        Listing listing = new Listing(files.zip(), split);
        int classDepth = listing.split ? 1 : 0;
        for (String folder : files.folders()) {
            // A class folder without files still counts, so that the error can name it.
            if (folder.startsWith(prefix) && folder.length() > prefix.length()) {
                String[] parts = folder.substring(prefix.length()).split("/");
                if (parts.length > classDepth) {
                    listing.classFolders.add(parts[classDepth]);
                }
            }
        }
        for (Map.Entry<String, ByteSource> f : files.files().entrySet()) {
            String id = f.getKey().substring(prefix.length());
            if (id.indexOf('/') <= 0) {
                // A file beside the class folders (a README, a licence): not part of any class.
                continue;
            }
            listing.add(id, f.getValue());
        }
        listing.skipped.addAll(files.unreadable());
        return listing;
    }

    /**
     * The one top folder that wraps the class folders (as in {@code dataset/cat/1.jpg}), with its
     * trailing '/'; empty when the class folders are at the top.
     */
    static String wrappingFolder(Set<String> names) {
        String top = null;
        boolean deep = false;
        for (String name : names) {
            int slash = name.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String first = name.substring(0, slash);
            if (top != null && !top.equals(first)) {
                return "";
            }
            top = first;
            deep |= name.indexOf('/', slash + 1) > 0;
        }
        // One top folder holding only files is a single class, not a wrapper; nor is a lone split folder.
        return top != null && deep && splitPart(top) == null ? top + "/" : "";
    }
}
