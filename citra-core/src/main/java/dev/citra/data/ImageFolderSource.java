package dev.citra.data;

import dev.citra.CitraException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

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
 * <p>A zip is read in place: the data set keeps one {@link ZipFile} open and its samples read
 * their entries from it (safe from many threads). The file stays open while the data set is
 * reachable, normally for the rest of the process, and is closed when it is garbage collected.
 */
public final class ImageFolderSource {
    /** Extensions (lower case) of the image files that become samples. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    /** Largest zip entry read into memory; anything bigger is no training image. */
    private static final long MAX_ENTRY_BYTES = 512L * 1024 * 1024;

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
        Listing listing = Files.isDirectory(path) ? listFolder(path) : listZip(path);
        ImageDataset ds = listing.toDataset(path);
        String format = listing.zip ? "image-folder-zip" : "image-folder";
        if (!listing.split) {
            return new LoadedData(format, ds, Optional.empty());
        }
        Map<String, List<Sample>> parts = new HashMap<>();
        for (Sample s : ds.samples()) {
            parts.computeIfAbsent(s.id().substring(0, s.id().indexOf('/')), k -> new ArrayList<>()).add(s);
        }
        List<Sample> train = new ArrayList<>();
        List<Sample> val = new ArrayList<>();
        List<Sample> test = new ArrayList<>();
        for (Map.Entry<String, List<Sample>> e : parts.entrySet()) {
            String part = splitPart(e.getKey());
            (part.equals("train") ? train : part.equals("val") ? val : test).addAll(e.getValue());
        }
        DatasetSplit split = new DatasetSplit(part(ds, train), part(ds, val), part(ds, test));
        return new LoadedData(format + "-split", ds, Optional.of(split));
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
            String extension = extension(id);
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
            return children.anyMatch(p -> Files.isDirectory(p) && !ignored(p.getFileName().toString()));
        } catch (IOException e) {
            return false;
        }
    }

    static String extension(String name) {
        String file = name.substring(name.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        return dot <= 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Names that are never data: hidden files, macOS resource forks, Windows thumbnails. */
    static boolean ignored(String name) {
        return name.startsWith(".") || name.equals("__MACOSX") || name.equalsIgnoreCase("Thumbs.db")
                || name.equalsIgnoreCase("desktop.ini");
    }

    private static Listing listFolder(Path root) {
        List<Path> topDirs = subFolders(root);
        List<String> names = new ArrayList<>();
        topDirs.forEach(d -> names.add(d.getFileName().toString()));
        Listing listing = new Listing(false, isSplitLayout(names));
        for (Path top : topDirs) {
            for (Path classDir : listing.split ? subFolders(top) : List.of(top)) {
                walkClass(root, classDir, listing);
            }
        }
        return listing;
    }

    private static List<Path> subFolders(Path dir) {
        List<Path> dirs = new ArrayList<>();
        try (var children = Files.list(dir)) {
            children.filter(p -> Files.isDirectory(p) && !ignored(p.getFileName().toString())).sorted().forEach(dirs::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + dir + ": " + e.getMessage(), e);
        }
        return dirs;
    }

    private static void walkClass(Path root, Path classDir, Listing listing) {
        // A class folder without files still counts, so that the error can name it.
        listing.classFolders.add(classDir.getFileName().toString());
        try {
            Files.walkFileTree(classDir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            return !dir.equals(classDir) && ignored(dir.getFileName().toString())
                                    ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile() && !ignored(file.getFileName().toString())) {
                                listing.add(relativeId(root, file), () -> Files.readAllBytes(file));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            // A symlink loop or an unreadable entry: list it, do not abort the whole data set.
                            String reason = e instanceof FileSystemLoopException ? "symbolic link loop"
                                    : "could not be read (" + e.getMessage() + ")";
                            listing.skipped.add(new SkippedFile(relativeId(root, file), reason));
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + classDir + ": " + e.getMessage(), e);
        }
    }

    private static String relativeId(Path root, Path file) {
        Path rel = root.relativize(file);
        List<String> parts = new ArrayList<>();
        for (Path p : rel) {
            parts.add(p.toString());
        }
        return String.join("/", parts);
    }

    private static Listing listZip(Path path) {
        if (!looksLikeZip(path)) {
            String what = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")
                    ? " is not a zip archive (wrong file signature): re-create or re-download it, or pass the unpacked folder."
                    : " is a file, not a folder or .zip: pass a folder or .zip with " + LAYOUT + ".";
            throw new CitraException("Data path " + path + what);
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new CitraException("Zip file " + path + " is corrupt (" + e.getMessage()
                    + "): re-create or re-download it, or pass the unpacked folder.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open " + path + ": " + e.getMessage(), e);
        }
        // Entry name (normalised) -> entry, for files only.
        Map<String, ZipEntry> files = new TreeMap<>();
        List<String> folders = new ArrayList<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        try {
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                // Some Windows tools write '\' separators.
                String name = e.getName().replace('\\', '/');
                while (name.startsWith("/")) {
                    name = name.substring(1);
                }
                if (name.isEmpty() || hasIgnoredPart(name)) {
                    continue;
                }
                if (e.isDirectory() || name.endsWith("/")) {
                    folders.add(name);
                } else {
                    files.put(name, e);
                }
            }
        } catch (IllegalArgumentException e) {
            // ZipFile reports undecodable entry names this way.
            throw new CitraException("Zip file " + path + " has an entry name that cannot be read (" + e.getMessage()
                    + "): re-create it with UTF-8 file names.", e);
        }
        String prefix = wrappingFolder(files.keySet());
        Set<String> tops = new TreeSet<>();
        for (String name : files.keySet()) {
            String rest = name.substring(prefix.length());
            if (rest.indexOf('/') > 0) {
                tops.add(rest.substring(0, rest.indexOf('/')));
            }
        }
        Listing listing = new Listing(true, isSplitLayout(tops));
        int classDepth = listing.split ? 1 : 0;
        for (String folder : folders) {
            // Folder entries matter only for empty class folders, so that the error can name them.
            if (folder.startsWith(prefix) && folder.length() > prefix.length()) {
                String[] parts = folder.substring(prefix.length()).split("/");
                if (parts.length > classDepth) {
                    listing.classFolders.add(parts[classDepth]);
                }
            }
        }
        for (Map.Entry<String, ZipEntry> f : files.entrySet()) {
            String id = f.getKey().substring(prefix.length());
            if (id.indexOf('/') <= 0) {
                // A file beside the class folders (a README, a licence): not part of any class.
                continue;
            }
            ZipEntry entry = f.getValue();
            listing.add(id, () -> readEntry(zip, entry));
        }
        return listing;
    }

    private static boolean hasIgnoredPart(String name) {
        for (String part : name.split("/")) {
            if (ignored(part)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The one top folder that wraps the class folders (as in {@code dataset/cat/1.jpg}), with its
     * trailing '/'; empty when the class folders are at the top.
     */
    private static String wrappingFolder(Set<String> names) {
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

    private static byte[] readEntry(ZipFile zip, ZipEntry entry) throws IOException {
        if (entry.getSize() > MAX_ENTRY_BYTES) {
            throw new IOException("zip entry of " + entry.getSize() + " bytes is too large for an image");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readNBytes((int) MAX_ENTRY_BYTES);
        }
    }

    private static boolean looksLikeZip(Path path) {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(path)) {
            if (in.readNBytes(head, 0, 4) < 4) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + path + ": " + e.getMessage(), e);
        }
        // "PK\3\4": a local file header; "PK\5\6": the end record of an empty archive.
        return head[0] == 'P' && head[1] == 'K' && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
    }
}
